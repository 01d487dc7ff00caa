// Empty on purpose: this file only carries the precompiled header (cmake/lab.cmake).
