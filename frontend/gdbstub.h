/* GDB remote serial protocol stub: lets gdb-multiarch (and lldb's
 * gdb-remote) debug the program `ipodsim run --gdb` executes.  The stub owns
 * the run loop while it is active: it runs the core in slices, polls the
 * socket between slices (Ctrl-C, new connections), and uses the core's
 * debugger attachment (ArmDebug) for breakpoints, watchpoints and stepping,
 * so guest memory is never patched.  docs/gdb.md is the user documentation. */
#ifndef IPODSIM_FRONTEND_GDBSTUB_H
#define IPODSIM_FRONTEND_GDBSTUB_H

#include <signal.h>
#include <stdbool.h>

#include "cpu/arm11.h"

#define GDB_DEFAULT_PORT 1234
/* Exit status of ipodsim when the debugger kills the program (k, vKill):
 * 128 + SIGKILL, what a shell shows for a killed process. */
#define GDB_EXIT_KILLED 137
/* Exit status when the socket cannot be opened. */
#define GDB_EXIT_SETUP 1

typedef struct GdbOptions {
    int port;           /* TCP port on 127.0.0.1; 0 = any free port (printed) */
    bool wait;          /* -S: stay stopped until a debugger connects and resumes */
} GdbOptions;

/* What the stub needs from the machine around the core. */
typedef struct GdbTarget {
    Arm11 *cpu;
    void *opaque;
    /* After arm_run stopped with STOP_HOOK: did the program exit, and with
     * which host exit status (0-255)? */
    bool (*exited)(void *opaque, int *status);
    /* Optional machine run loop (ipodsim boot: devices and scheduler) used
     * instead of arm_run.  Returns true when the machine can never wake up
     * again (WFI with no event queued). */
    bool (*run)(void *opaque, uint64_t until);
    /* Set by the caller's SIGINT handler: the stub returns
     * interrupted_status as soon as it sees it. */
    volatile sig_atomic_t *interrupted;
    int interrupted_status;
} GdbTarget;

/* Listen, serve debuggers and run the program until it exits, the debugger
 * kills it or *interrupted is set.  Returns ipodsim's exit status.  Messages
 * (the port, connections, guest crashes) go to stderr. */
int gdb_serve(const GdbOptions *opt, const GdbTarget *target);

#endif
