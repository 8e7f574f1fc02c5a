#include <math.h>
#include <string.h>

#include "fs.h"

void
fs_init(struct fs_model *fm, const struct fs_field *field, int nfield)
{
	int f, l, n;

	memset(fm, 0, sizeof *fm);
	fm->field = field;
	fm->nfield = nfield;
	fm->lambda = 0.01;
	for (f = 0; f < nfield; f++) {
		n = field[f].nlevel;
		for (l = 0; l < n; l++) {
			/* m: 0.9 at the best level, the rest shared falling. */
			fm->m[f][l] = l == 0 ? 0.9 : 0.1 * (double)(n - l) /
			    (double)((n - 1) * n / 2);
			/* u: most random pairs disagree. */
			fm->u[f][l] = l == n - 1 ? 0.9 : 0.1 / (double)(n - 1);
		}
	}
}

void
fs_set_u(struct fs_model *fm, const uint64_t counts[][FS_MAXLEVEL])
{
	int f, l, n;
	double total;

	for (f = 0; f < fm->nfield; f++) {
		n = fm->field[f].nlevel;
		total = 0;
		for (l = 0; l < n; l++)
			total += (double)counts[f][l] + 1.0;
		for (l = 0; l < n; l++)
			fm->u[f][l] = ((double)counts[f][l] + 1.0) / total;
	}
}

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int
fs_em(struct fs_model *fm, const struct fs_pattern *p, size_t n, int maxiter,
      double tol)
{
	return fs_em_mu(fm, p, n, maxiter, tol, 0);
}

int
fs_em_mu(struct fs_model *fm, const struct fs_pattern *p, size_t n,
	 int maxiter, double tol, int update_u)
{
	double num[FS_MAXFIELD][FS_MAXLEVEL], den[FS_MAXFIELD];
	double unum[FS_MAXFIELD][FS_MAXLEVEL], uden[FS_MAXFIELD], ug;
	double lam, g, pm, pu, sumg, sumc, delta, v;
	size_t i;
	int it, f, l, lv;

	for (it = 0; it < maxiter; it++) {
		memset(num, 0, sizeof num);
		memset(den, 0, sizeof den);
		memset(unum, 0, sizeof unum);
		memset(uden, 0, sizeof uden);
		sumg = sumc = 0;
		lam = fm->lambda;
		for (i = 0; i < n; i++) {
			pm = lam;
			pu = 1.0 - lam;
			for (f = 0; f < fm->nfield; f++) {
				lv = p[i].level[f];
				if (lv == FS_MISSING)
					continue;
				pm *= fm->m[f][lv];
				pu *= fm->u[f][lv];
			}
			g = pm + pu > 0 ? pm / (pm + pu) : 0;
			ug = (1.0 - g) * (double)(p[i].count - p[i].known);
			g *= (double)(p[i].count - p[i].known);
			sumg += g;
			sumc += (double)(p[i].count - p[i].known);
			g += (double)p[i].known;
			for (f = 0; f < fm->nfield; f++) {
				lv = p[i].level[f];
				if (lv == FS_MISSING)
					continue;
				num[f][lv] += g;
				den[f] += g;
				unum[f][lv] += ug;
				uden[f] += ug;
			}
		}
		for (f = 0; update_u && f < fm->nfield; f++) {
			if (uden[f] <= 0)
				continue;
			for (l = 0; l < fm->field[f].nlevel; l++) {
				v = clamp(unum[f][l] / uden[f], 1e-6, 1 - 1e-6);
				fm->u[f][l] = v;
			}
		}
		delta = 0;
		for (f = 0; f < fm->nfield; f++) {
			if (den[f] <= 0)
				continue;
			for (l = 0; l < fm->field[f].nlevel; l++) {
				v = clamp(num[f][l] / den[f], 1e-4, 1 - 1e-4);
				delta = fmax(delta, fabs(v - fm->m[f][l]));
				fm->m[f][l] = v;
			}
		}
		v = sumc > 0 ? clamp(sumg / sumc, 1e-9, 0.999) : fm->lambda;
		delta = fmax(delta, fabs(v - fm->lambda));
		fm->lambda = v;
		if (delta < tol) {
			it++;
			break;
		}
	}
	fm->iterations = it;
	return it;
}

double
fs_weight(const struct fs_model *fm, int f, int l)
{
	if (l == FS_MISSING)
		return 0;
	return log2(fm->m[f][l] / fm->u[f][l]);
}

double
fs_pattern_weight(const struct fs_model *fm,
		  const unsigned char level[FS_MAXFIELD])
{
	double w = 0;
	int f;

	for (f = 0; f < fm->nfield; f++)
		w += fs_weight(fm, f, level[f]);
	return w;
}

double
fs_match_probability(const struct fs_model *fm, double w)
{
	double prior = log2(fm->lambda / (1.0 - fm->lambda));

	return 1.0 / (1.0 + exp2(-(w + prior)));
}
