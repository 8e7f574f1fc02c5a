#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/hmac.h>

#include "err.h"
#include "protect.h"
#include "sha256.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
protect_load(struct protect *p, const char *path)
{
	char text[2 * PROTECT_KEY_MAX + 64];
	struct stat sb;
	size_t i = 0, n = 0, end;
	ssize_t got;
	int fd, hi, lo;

	memset(p, 0, sizeof *p);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		error("%s: cannot open the key: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		error("%s: the key is not a regular file", path);
		close(fd);
		return -1;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		error("%s: the key may be read or written by others than its"
		    " owner (chmod 600 it)", path);
		close(fd);
		return -1;
	}
	while (n < sizeof text &&
	    (got = read(fd, text + n, sizeof text - n)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			error("%s: cannot read the key: %s", path,
			    strerror(errno));
			close(fd);
			explicit_bzero(text, sizeof text);
			return -1;
		}
		n += (size_t)got;
	}
	close(fd);
	end = n;
	while (i < end && space((unsigned char)text[i]))
		i++;
	while (end > i && space((unsigned char)text[end - 1]))
		end--;
	if (n == sizeof text || (end - i) / 2 > PROTECT_KEY_MAX) {
		error("%s: the key is longer than %d hex digits", path,
		    2 * PROTECT_KEY_MAX);
		goto bad;
	}
	for (; i < end; i += 2) {
		hi = hexval((unsigned char)text[i]);
		lo = i + 1 < end ? hexval((unsigned char)text[i + 1]) : -1;
		if (hi < 0 || lo < 0) {
			error("%s: the key is not hex digits, two to a byte",
			    path);
			goto bad;
		}
		p->key[p->len++] = (uint8_t)(hi << 4 | lo);
	}
	if (p->len < PROTECT_KEY_MIN) {
		error("%s: the key has fewer than %d hex digits (make one with"
		    " 'openssl rand -hex 32')", path, 2 * PROTECT_KEY_MIN);
		goto bad;
	}
	explicit_bzero(text, sizeof text);
	return 0;
bad:
	explicit_bzero(text, sizeof text);
	protect_release(p);
	return -1;
}

void
protect_id(const struct protect *p, const char *id, size_t n,
	   char out[PROTECT_HEX + 1])
{
	struct hmac_sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	hmac_sha256_set_key(&ctx, p->len, p->key);
	hmac_sha256_update(&ctx, n, (const uint8_t *)id);
	hmac_sha256_digest(&ctx, sizeof d, d);
	sha256_hex_digest(d, out);
	explicit_bzero(&ctx, sizeof ctx);
}

void
protect_release(struct protect *p)
{
	explicit_bzero(p, sizeof *p);
}
