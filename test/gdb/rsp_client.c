/*
 * rsp_client: a scriptable raw GDB-remote-protocol client for
 * test/gdb_test.sh.  It talks to 127.0.0.1:PORT and reads a script from
 * stdin, one command per line; it exits 0 when every expectation held and
 * 1 (with a message naming the script line) at the first one that did not.
 * Every wait has a timeout, so a silent or dead stub fails instead of hanging.
 *
 *   raw TEXT         send TEXT as is (escapes: \xHH \n \r \t \\)
 *   pkt PAYLOAD      send $PAYLOAD#checksum (same escapes)
 *   badsum PAYLOAD   the same with a wrong checksum
 *   pktsaved P NAME  send $P<reply saved under NAME>#checksum
 *   ack              expect the next byte to be '+'
 *   nak              expect the next byte to be '-'
 *   byte C           expect the next byte to be C, without consuming it
 *   reply TEXT       the next packet (acks before it skipped) is exactly TEXT
 *   prefix TEXT      ... starts with TEXT
 *   has TEXT         ... contains TEXT
 *   len N            ... is N bytes long
 *   save NAME        ... is stored under NAME (up to 8 names)
 *   same NAME        ... equals the one stored under NAME
 *   eof              the server closes the connection
 *   second           a second connection is closed by the server, while
 *                    this one stays open
 *   close            close the connection;  connect  open a new one
 *   sleep MS
 *   fuzz N SEED      send N random packets that never resume or kill the
 *                    program, reading and discarding whatever comes back
 *
 *   usage: rsp_client PORT [TIMEOUT_MS] < SCRIPT
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXPKT 70000

static int port, timeout_ms = 5000, fd = -1, lineno;
static char saved[8][1024];
static char names[8][64];
static int nsaved;

static void fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "rsp_client: line %d: ", lineno);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static int open_conn(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0)
        fail("cannot connect: %s", strerror(errno));
    return s;
}

/* Next byte from s (left in place with peek); -1 on EOF, -2 on timeout. */
static int next_byte(int s, int ms, bool peek)
{
    struct pollfd p = {.fd = s, .events = POLLIN};
    if (poll(&p, 1, ms) <= 0) return -2;
    unsigned char c;
    ssize_t n = recv(s, &c, 1, peek ? MSG_PEEK : 0);
    return n == 1 ? c : -1;
}

static int get_byte(int s, int ms)
{
    return next_byte(s, ms, false);
}

static void send_all(const char *b, size_t n)
{
    while (n) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k <= 0) fail("send failed: %s", strerror(errno));
        b += k;
        n -= (size_t)k;
    }
}

/* Decode the script escapes in place; returns the length. */
static size_t unescape(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            char e = s[++i];
            if (e == 'x' && s[i + 1] && s[i + 2]) {
                char hex[3] = {s[i + 1], s[i + 2], 0};
                s[o++] = (char)strtol(hex, NULL, 16);
                i += 2;
            } else {
                s[o++] = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
            }
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

static void send_packet(const char *data, size_t n, int delta)
{
    static char buf[MAXPKT + 8];
    unsigned sum = 0;
    if (n > MAXPKT) n = MAXPKT;
    buf[0] = '$';
    memcpy(buf + 1, data, n);
    for (size_t i = 0; i < n; i++) sum += (unsigned char)data[i];
    snprintf(buf + 1 + n, 4, "#%02x", (sum + (unsigned)delta) & 0xFF);
    send_all(buf, n + 4);
}

/* Read one packet payload (skipping acks and junk before '$'). */
static size_t read_packet(char *out, size_t cap)
{
    int c;
    do {
        c = get_byte(fd, timeout_ms);
        if (c < 0) fail("%s while waiting for a packet", c == -1 ? "EOF" : "timeout");
    } while (c != '$');
    size_t n = 0;
    while ((c = get_byte(fd, timeout_ms)) != '#') {
        if (c < 0) fail("%s inside a packet", c == -1 ? "EOF" : "timeout");
        if (n + 1 < cap) out[n++] = (char)c;
    }
    for (int i = 0; i < 2; i++)
        if (get_byte(fd, timeout_ms) < 0) fail("%s", "no checksum");
    out[n] = '\0';
    return n;
}

static char *lookup(const char *name, int create)
{
    for (int i = 0; i < nsaved; i++)
        if (strcmp(names[i], name) == 0) return saved[i];
    if (!create || nsaved == 8) fail("unknown name %s", name);
    snprintf(names[nsaved], sizeof names[0], "%s", name);
    return saved[nsaved++];
}

static void fuzz(int n, unsigned seed)
{
    /* Never c/s/C/S/vCont;/k/D/vKill: the program must stay where it is. */
    static const char *const heads[] = {
        "m", "M", "X", "p", "P", "g", "G", "Z0,", "Z1,", "Z2,", "Z3,", "Z4,", "z0,", "z2,", "q", "Q",
        "qXfer:features:read:target.xml:", "qRcmd,", "qSupported:", "qRegisterInfo", "H", "T", "vCont?",
        "qXfer:features:read:", "?", "Mf", "m0,", "X0,", "qThreadStopInfo",
    };
    static const char tail[] = "0123456789abcdefABCDEF,:;=}*xyz#$\x03\x01\xff";
    char pkt[600], junk[MAXPKT];
    srand(seed);
    for (int i = 0; i < n; i++) {
        static const char safe_first[] = "abdefghijlmnopqrtuwxyzABEFGHIJLMNOPQRTUVWXYZ?!_0123456789";
        const char *h = heads[rand() % (int)(sizeof heads / sizeof heads[0])];
        size_t len = strlen(h);
        memcpy(pkt, h, len);
        if (rand() % 4 == 0) pkt[0] = safe_first[rand() % (int)(sizeof safe_first - 1)];
        int extra = rand() % (rand() % 8 == 0 ? 500 : 40);
        for (int k = 0; k < extra; k++) {
            pkt[len] = tail[rand() % (int)(sizeof tail - 1)];
            /* an embedded '$' starts a new packet: never let it be a resume/kill/detach */
            if (len && pkt[len - 1] == '$') pkt[len] = safe_first[rand() % (int)(sizeof safe_first - 1)];
            len++;
        }
        send_packet(pkt, len, rand() % 16 == 0);
        /* drain whatever the stub answered so far, without waiting */
        ssize_t got;
        while ((got = recv(fd, junk, sizeof junk, MSG_DONTWAIT)) > 0) {}
        if (got == 0) fail("%s", "EOF during fuzzing");
    }
    /* Sync: late replies to the random packets end at the answer to qC. */
    send_packet("qC", 2, 0);
    do read_packet(junk, sizeof junk);
    while (strcmp(junk, "QC01") != 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: rsp_client PORT [TIMEOUT_MS] < SCRIPT\n");
        return 2;
    }
    port = atoi(argv[1]);
    if (argc > 2) timeout_ms = atoi(argv[2]);
    fd = open_conn();
    static char line[MAXPKT + 64], pkt[MAXPKT + 8];
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char *arg = strchr(line, ' ');
        if (arg) *arg++ = '\0';
        else arg = line + strlen(line);
        if (line[0] == '#' || line[0] == '\0') continue;
        if (strcmp(line, "raw") == 0) {
            size_t n = unescape(arg);
            send_all(arg, n);
        } else if (strcmp(line, "pkt") == 0 || strcmp(line, "badsum") == 0) {
            size_t n = unescape(arg);
            send_packet(arg, n, line[0] == 'b' ? 1 : 0);
        } else if (strcmp(line, "pktsaved") == 0) {
            char *name = strchr(arg, ' ');
            if (!name) fail("%s", "pktsaved needs PREFIX NAME");
            *name++ = '\0';
            int n = snprintf(pkt, sizeof pkt, "%s%s", arg, lookup(name, 0));
            send_packet(pkt, (size_t)n, 0);
        } else if (strcmp(line, "ack") == 0 || strcmp(line, "nak") == 0 || strcmp(line, "byte") == 0) {
            int want = line[0] == 'a' ? '+' : line[0] == 'n' ? '-' : (unescape(arg), (unsigned char)arg[0]);
            int c = next_byte(fd, timeout_ms, line[0] == 'b');
            if (c != want) fail("expected %s", line);
        } else if (strcmp(line, "reply") == 0 || strcmp(line, "prefix") == 0 || strcmp(line, "has") == 0) {
            unescape(arg);
            size_t n = read_packet(pkt, sizeof pkt);
            bool ok = line[0] == 'r' ? strcmp(pkt, arg) == 0
                    : line[0] == 'p' ? strncmp(pkt, arg, strlen(arg)) == 0
                                     : strstr(pkt, arg) != NULL;
            if (!ok) {
                fprintf(stderr, "rsp_client: line %d: got '%.200s'%s (%zu bytes)\n", lineno, pkt,
                        n > 200 ? "..." : "", n);
                fail("expected %s", line);
            }
        } else if (strcmp(line, "len") == 0) {
            size_t n = read_packet(pkt, sizeof pkt);
            if (n != (size_t)atol(arg)) fail("reply length differs from %s", arg);
        } else if (strcmp(line, "save") == 0 || strcmp(line, "same") == 0) {
            bool save = line[2] == 'v';
            read_packet(pkt, sizeof pkt);
            char *slot = lookup(arg, save);
            if (save) {
                strncpy(slot, pkt, sizeof saved[0] - 1);
                slot[sizeof saved[0] - 1] = '\0';
            } else if (strcmp(slot, pkt) != 0) {
                fail("reply differs from the saved %s", arg);
            }
        } else if (strcmp(line, "eof") == 0) {
            int c;
            while ((c = get_byte(fd, timeout_ms)) >= 0) {}
            if (c != -1) fail("%s", "the server did not close the connection");
        } else if (strcmp(line, "second") == 0) {
            int s2 = open_conn(), c;
            while ((c = get_byte(s2, timeout_ms)) >= 0) {}
            close(s2);
            if (c != -1) fail("%s", "the second connection was not closed");
        } else if (strcmp(line, "close") == 0) {
            close(fd);
            fd = -1;
        } else if (strcmp(line, "connect") == 0) {
            fd = open_conn();
        } else if (strcmp(line, "sleep") == 0) {
            struct timespec ts = {.tv_sec = atoi(arg) / 1000, .tv_nsec = (atoi(arg) % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        } else if (strcmp(line, "fuzz") == 0) {
            int n = atoi(arg);
            char *sp = strchr(arg, ' ');
            fuzz(n, sp ? (unsigned)atoi(sp + 1) : 1u);
        } else {
            fail("unknown command %s", line);
        }
    }
    if (fd >= 0) close(fd);
    return 0;
}
