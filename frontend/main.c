/* The `ipodsim` command: dispatches `ipodsim <command> [options]` to one
 * function per subcommand.  Adding a command is one line in the table below
 * plus its cmd_<name>() and cmd_<name>_help() functions (frontend/cmd_<name>.c). */
#include <stdio.h>
#include <string.h>

#include "frontend/version.h"

typedef struct Command {
    const char *name;
    const char *summary;
    int (*fn)(int argc, char **argv);   /* argv[0] is the command name */
    void (*help)(FILE *out);
} Command;

/* Subcommands living in other files (frontend/cmd_*.c). */
int cmd_run(int argc, char **argv);
void cmd_run_help(FILE *out);
int cmd_boot(int argc, char **argv);
void cmd_boot_help(FILE *out);
int cmd_img3(int argc, char **argv);
void cmd_img3_help(FILE *out);
int cmd_mknor(int argc, char **argv);
void cmd_mknor_help(FILE *out);
int cmd_nor(int argc, char **argv);
void cmd_nor_help(FILE *out);

static int cmd_help(int argc, char **argv);
static void cmd_help_help(FILE *out);

static const Command commands[] = {
    { "boot", "boot the iPod Touch 2G machine from its boot ROM", cmd_boot, cmd_boot_help },
    { "run", "run a bare-metal ARM ELF program (semihosting, no devices)", cmd_run, cmd_run_help },
    { "img3", "inspect, create, sign, verify, encrypt and extract IMG3 images", cmd_img3, cmd_img3_help },
    { "mknor", "build a NOR flash image from an LLB and IMG3 files", cmd_mknor, cmd_mknor_help },
    { "nor", "list what a NOR flash image holds (nor info FILE)", cmd_nor, cmd_nor_help },
    { "help", "show help for a command", cmd_help, cmd_help_help },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const Command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: ipodsim <command> [options]\n"
                 "       ipodsim --help | --version\n\n"
                 "An emulator of the iPod Touch 2G (ARM1176JZF-S).\n\nCommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'ipodsim help <command>' or 'ipodsim <command> --help' describes a command.\n");
}

static void cmd_help_help(FILE *out)
{
    fprintf(out, "usage: ipodsim help [COMMAND]\n\n"
                 "Without COMMAND, list the commands; with it, show that command's help.\n");
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return 0;
    }
    if (argc > 2) {
        fprintf(stderr, "ipodsim help: too many arguments\nTry 'ipodsim help'.\n");
        return 1;
    }
    const Command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "ipodsim help: unknown command '%s'\nTry 'ipodsim --help'.\n", argv[1]);
        return 1;
    }
    c->help(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("ipodsim %s\n", IPODSIM_VERSION);
        return 0;
    }
    const Command *c = find_command(name);
    if (!c) {
        if (name[0] == '-')
            fprintf(stderr, "ipodsim: unknown option '%s'\n", name);
        else
            fprintf(stderr, "ipodsim: unknown command '%s'\n", name);
        fprintf(stderr, "Try 'ipodsim --help'.\n");
        return 1;
    }
    return c->fn(argc - 1, argv + 1);
}
