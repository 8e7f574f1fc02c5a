#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "sha256.h"

void
sha256_begin(struct sha256 *h)
{
	sha256_init(&h->ctx);
	h->bytes = 0;
}

void
sha256_add(struct sha256 *h, const void *p, size_t n)
{
	sha256_update(&h->ctx, n, p);
	h->bytes += n;
}

void
sha256_hex_digest(const uint8_t d[SHA256_DIGEST_SIZE], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

void
sha256_hex(struct sha256 *h, char hex[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_digest(&h->ctx, sizeof d, d);
	sha256_hex_digest(d, hex);
}

int
sha256_file(const char *path, char hex[65], uint64_t *bytes)
{
	struct sha256 h;
	char buf[65536];
	ssize_t n;
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	sha256_begin(&h);
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		sha256_add(&h, buf, (size_t)n);
	}
	close(fd);
	if (bytes)
		*bytes = h.bytes;
	sha256_hex(&h, hex);
	return 0;
}
