/* ipodsim version, printed by `ipodsim --version`. */
#ifndef IPODSIM_FRONTEND_VERSION_H
#define IPODSIM_FRONTEND_VERSION_H

#define IPODSIM_VERSION "0.1.0"

#endif
