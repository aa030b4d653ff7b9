/*
 * hello: the smallest semihosting program.  Prints exactly "Hello, world!\n"
 * and exits 0; exits 1 if printf did not report 14 characters written or the
 * flush failed (no other output, so the text stays exact).
 */
#include <stdio.h>

int main(void)
{
    int n = printf("Hello, world!\n");
    if (fflush(stdout) != 0)
        return 1;
    return n == 14 ? 0 : 1;
}
