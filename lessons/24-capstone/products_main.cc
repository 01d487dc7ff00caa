// Lesson 24's products program (capstone.h, RoleMain). Given: do not edit.
#include "capstone.h"

int main(int argc, char** argv) {
  return lab::capstone::RoleMain("products", argc, argv);
}
