/*
 * In-process verification loop over libsecsipid (the C API of secsipidx, Debian libsecsipid-dev), for the
 * side-by-side figures in README "Performance". Reads Identity header values, one per line, and the signer's
 * public key in PEM; calls SecSIPIDCheckFullPubKey (signature + claims, no certificate chain) on each in turn for
 * the given seconds and prints key=value lines like `stir-identity bench`.
 *
 * Build: cc -O2 -o secsipid_loop secsipid_loop.c -lsecsipid
 * Run:   ./secsipid_loop identities.txt leaf-public.pem SECONDS [EXPIRE_SECONDS]
 */
#include <secsipid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_all(const char *path, long *length)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *length = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(*length + 1);
    if (fread(data, 1, *length, f) != (size_t)*length) { perror(path); exit(2); }
    data[*length] = 0;
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: %s identities.txt public.pem seconds [expire]\n", argv[0]); return 2; }
    long textLength, keyLength;
    char *text = read_all(argv[1], &textLength);
    char *key = read_all(argv[2], &keyLength);
    double seconds = atof(argv[3]);
    int expire = argc > 4 ? atoi(argv[4]) : 3600;

    char **lines = NULL;
    int count = 0, capacity = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
    {
        if (count == capacity) { capacity = capacity ? capacity * 2 : 1024; lines = realloc(lines, capacity * sizeof *lines); }
        lines[count++] = line;
    }
    if (count == 0) { fprintf(stderr, "no identities\n"); return 2; }

    for (int i = 0; i < count; i++) /* every input must verify, or the loop measures failures */
    {
        int rc = SecSIPIDCheckFullPubKey(lines[i], (int)strlen(lines[i]), expire, key, (int)keyLength);
        if (rc != 0) { fprintf(stderr, "identity %d does not verify: %d\n", i + 1, rc); return 1; }
    }

    long done = 0;
    double start = now(), elapsed = 0;
    while ((elapsed = now() - start) < seconds)
    {
        for (int k = 0; k < 64; k++, done++)
        {
            char *line = lines[done % count];
            if (SecSIPIDCheckFullPubKey(line, (int)strlen(line), expire, key, (int)keyLength) != 0) { fprintf(stderr, "failed\n"); return 1; }
        }
    }

    printf("secsipid_verify_per_second=%.0f\nmessages=%d\nseconds=%.1f\n", done / elapsed, count, elapsed);
    return 0;
}
