#include "ui.h"

#include <cstdlib>
#include <string>

#include "util.h"

namespace lab::runner {

std::string Style::ProgressBar(int done, int total, int width) const {
  int filled = total > 0 ? done * width / total : 0;
  int percent = total > 0 ? done * 100 / total : 0;
  std::string bar = "[";
  for (int i = 0; i < width; ++i) {
    if (unicode) {
      bar += i < filled ? "█" : "░";
    } else {
      bar += i < filled ? "#" : ".";
    }
  }
  bar += "] " + std::to_string(percent) + "%";
  return bar;
}

Style DetectStyle() {
  Style s;
  const char* no_color = std::getenv("NO_COLOR");
  const char* force = std::getenv("LAB_COLOR");
  const char* term = std::getenv("TERM");
  bool tty = StdoutIsTty() && !(term && std::string(term) == "dumb");
  bool on = tty && !(no_color && *no_color);
  if (force && std::string(force) == "always") on = true;
  if (force && std::string(force) == "never") on = false;
  s.color = on;
  s.unicode = on;
  return s;
}

}  // namespace lab::runner
