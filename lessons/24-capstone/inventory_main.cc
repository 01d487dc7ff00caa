// Lesson 24's inventory program (capstone.h, RoleMain). Given: do not edit.
#include "capstone.h"

int main(int argc, char** argv) {
  return lab::capstone::RoleMain("inventory", argc, argv);
}
