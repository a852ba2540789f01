#include "sim/version.h"
