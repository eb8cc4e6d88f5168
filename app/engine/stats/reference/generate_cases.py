# Regenerates ../cases.json: reference values computed independently of our TypeScript, with
# SciPy/NumPy from raw observations (not from our sufficient-statistic formulas) where possible.
# Run: python3 app/engine/stats/reference/generate_cases.py  (SciPy >= 1.10)
import json, math, pathlib
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261123)
cases = {"quantiles": [], "tails": [], "analyze": [], "srm": []}

# Textbook quantiles (printed tables) and tails.
for p in [0.975, 0.95, 0.995, 0.5, 0.001, 1e-10]:
    cases["quantiles"].append({"dist": "normal", "p": p, "value": float(stats.norm.ppf(p))})
for p, df in [(0.975, 1), (0.975, 10), (0.95, 5), (0.995, 30), (0.975, 24.9), (0.975, 1e5), (0.9999, 3)]:
    cases["quantiles"].append({"dist": "t", "p": p, "df": df, "value": float(stats.t.ppf(p, df))})
for x in [0, 1.96, -1.96, 5, 10, -8]:
    cases["tails"].append({"dist": "normalSf", "x": x, "value": float(stats.norm.sf(x))})
for x, df in [(2.228139, 10), (12.706, 1), (0.5, 3.5), (7, 20), (40, 2000), (-2, 8)]:
    cases["tails"].append({"dist": "tSf", "x": x, "df": df, "value": float(stats.t.sf(x, df))})
for x, k in [(3.841459, 1), (5.991465, 2), (0.47, 3), (18.1818, 1), (100, 10)]:
    cases["tails"].append({"dist": "chiSquareSf", "x": x, "df": k, "value": float(stats.chi2.sf(x, k))})

def mean_stat(y):
    return {"type": "mean", "n": len(y), "sum": float(y.sum()), "sumSquares": float((y ** 2).sum())}

def prop_stat(y):
    return {"type": "proportion", "n": len(y), "sum": float(y.sum())}

def welch(ya, yb, alpha, relative, var_fn=None):
    na, nb = len(ya), len(yb)
    va, vb = (var_fn or (lambda y: y.var(ddof=1)))(ya), (var_fn or (lambda y: y.var(ddof=1)))(yb)
    ma, mb = ya.mean(), yb.mean()
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    if relative:
        est = (mb - ma) / ma
        var = vb / (nb * ma ** 2) + va * mb ** 2 / (na * ma ** 4)
    else:
        est, var = mb - ma, va / na + vb / nb
    return est, var, df

def freq_result(est, var, df, alpha):
    se = math.sqrt(var)
    w = stats.t.ppf(1 - alpha / 2, df) * se
    return {"expected": est, "ci": [est - w, est + w], "pValue": float(2 * stats.t.sf(abs(est / se), df)), "chanceToWin": None, "risk": None}

def add(name, source, inp, expected):
    cases["analyze"].append({"name": name, "source": source, "input": inp, "expected": expected})

# 1. Welch's t-test textbook example (Wikipedia "Welch's t-test", example 1): t = -2.46, df = 24.9, p = 0.021.
A1 = np.array([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4])
A2 = np.array([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4])
tt = stats.ttest_ind(A2, A1, equal_var=False)
ci = tt.confidence_interval(0.95)
add("welch textbook, absolute", "scipy.stats.ttest_ind(equal_var=False) on the raw data",
    {"method": "frequentist", "differenceType": "absolute", "alpha": 0.05, "control": mean_stat(A1), "treatment": mean_stat(A2)},
    {"expected": float(A2.mean() - A1.mean()), "ci": [float(ci.low), float(ci.high)], "pValue": float(tt.pvalue), "chanceToWin": None, "risk": None, "t": float(tt.statistic), "df": float(tt.df)})
add("welch textbook, relative (delta method)", "numpy delta-method formula on the raw data",
    {"method": "frequentist", "differenceType": "relative", "alpha": 0.1, "control": mean_stat(A1), "treatment": mean_stat(A2)},
    freq_result(*welch(A1, A2, 0.1, True), 0.1))

# 2. Simulated revenue-like metric, unequal n and variances.
ya = rng.lognormal(3, 1, 800); yb = rng.lognormal(3.05, 1.1, 650)
tt = stats.ttest_ind(yb, ya, equal_var=False); ci = tt.confidence_interval(0.99)
add("lognormal revenue, absolute, alpha 0.01", "scipy.stats.ttest_ind(equal_var=False)",
    {"method": "frequentist", "differenceType": "absolute", "alpha": 0.01, "control": mean_stat(ya), "treatment": mean_stat(yb)},
    {"expected": float(yb.mean() - ya.mean()), "ci": [float(ci.low), float(ci.high)], "pValue": float(tt.pvalue), "chanceToWin": None, "risk": None})
add("lognormal revenue, relative", "numpy delta-method formula",
    {"method": "frequentist", "differenceType": "relative", "alpha": 0.05, "control": mean_stat(ya), "treatment": mean_stat(yb)},
    freq_result(*welch(ya, yb, 0.05, True), 0.05))

# 3. Conversion (proportion: Bernoulli variance p(1-p), as GrowthBook).
ca = (rng.random(5000) < 0.10).astype(float); cb = (rng.random(5200) < 0.115).astype(float)
pvar = lambda y: y.mean() * (1 - y.mean())
for rel in (False, True):
    add(f"conversion, {'relative' if rel else 'absolute'}", "numpy, Bernoulli variance p(1-p)",
        {"method": "frequentist", "differenceType": "relative" if rel else "absolute", "alpha": 0.05, "control": prop_stat(ca), "treatment": prop_stat(cb)},
        freq_result(*welch(ca, cb, 0.05, rel, pvar), 0.05))

# 4. Bayesian with a flat prior and with a proper prior (closed forms; risk via scipy truncnorm).
def bayes(est, var, alpha, prior=None):
    mean, prec = est, 1 / var
    if prior:
        prec = 1 / var + 1 / prior[1]
        mean = (est / var + prior[0] / prior[1]) / prec
    sd = math.sqrt(1 / prec)
    ctw = float(stats.norm.sf(0, mean, sd))
    a0 = (0 - mean) / sd
    mn_pos = float(stats.truncnorm.mean(a0, np.inf, loc=mean, scale=sd))
    mn_neg = float(stats.truncnorm.mean(-np.inf, a0, loc=mean, scale=sd))
    z = stats.norm.ppf(1 - alpha / 2)
    return {"expected": mean, "ci": [mean - z * sd, mean + z * sd], "pValue": None, "chanceToWin": ctw, "risk": [ctw * mn_pos, -(1 - ctw) * mn_neg]}
est, var, _ = welch(ca, cb, 0.05, True, pvar)
add("conversion, bayesian flat prior, relative", "scipy.stats.norm/truncnorm",
    {"method": "bayesian", "differenceType": "relative", "alpha": 0.05, "control": prop_stat(ca), "treatment": prop_stat(cb)}, bayes(est, var, 0.05))
add("conversion, bayesian proper prior N(0, 0.3^2), relative", "scipy.stats.norm/truncnorm, conjugate normal update",
    {"method": "bayesian", "differenceType": "relative", "alpha": 0.05, "control": prop_stat(ca), "treatment": prop_stat(cb), "prior": {"mean": 0, "variance": 0.09, "proper": True}},
    bayes(est, var, 0.05, (0, 0.09)))
est, var, _ = welch(ya, yb, 0.05, False)
ma = ya.mean()
add("revenue, bayesian proper prior, absolute (prior scaled by control mean)", "scipy closed forms",
    {"method": "bayesian", "differenceType": "absolute", "alpha": 0.1, "control": mean_stat(ya), "treatment": mean_stat(yb), "prior": {"mean": 0.02, "variance": 0.01, "proper": True}},
    bayes(est, var, 0.1, (0.02 * abs(ma), 0.01 * ma ** 2)))

# 5. Sequential (Howard et al. normal-mixture boundary; closed form).
def seq(est, var, n, alpha, tuning):
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning
    s2 = var * n; mix = n * rho2 + 1
    w = math.sqrt(s2) * math.sqrt(2 * mix / (n * n * rho2) * math.log(math.sqrt(mix) / alpha))
    p = min(1.0, math.sqrt(mix) * math.exp(-n * n * rho2 * est ** 2 / (2 * mix * s2)))
    return {"expected": est, "ci": [est - w, est + w], "pValue": p, "chanceToWin": None, "risk": None}
est, var, _ = welch(ca, cb, 0.05, False, pvar)
add("conversion, sequential, absolute, tuning 5000 (default)", "closed form, arXiv:1810.08240 eq. 14",
    {"method": "sequential", "differenceType": "absolute", "alpha": 0.05, "control": prop_stat(ca), "treatment": prop_stat(cb)}, seq(est, var, len(ca) + len(cb), 0.05, 5000))
est, var, _ = welch(ya, yb, 0.05, True)
add("revenue, sequential, relative, tuning 1000", "closed form",
    {"method": "sequential", "differenceType": "relative", "alpha": 0.05, "control": mean_stat(ya), "treatment": mean_stat(yb), "sequentialTuning": 1000}, seq(est, var, len(ya) + len(yb), 0.05, 1000))

# 6. Ratio metric (revenue per session): delta method from raw per-unit pairs via np.cov.
def ratio_stat(m, d):
    return {"type": "ratio", "n": len(m), "numerator": {"sum": float(m.sum()), "sumSquares": float((m ** 2).sum())},
            "denominator": {"sum": float(d.sum()), "sumSquares": float((d ** 2).sum())}, "sumProducts": float((m * d).sum())}
def ratio_moments(m, d):
    c = np.cov(m, d, ddof=1); mm, md = m.mean(), d.mean()
    return mm / md, c[0, 0] / md ** 2 + c[1, 1] * mm ** 2 / md ** 4 - 2 * c[0, 1] * mm / md ** 3
da = rng.poisson(3, 900) + 1.0; ma_ = da * rng.gamma(2, 10, 900)
db = rng.poisson(3, 950) + 1.0; mb_ = db * rng.gamma(2, 10.5, 950)
(ra, va), (rb, vb) = ratio_moments(ma_, da), ratio_moments(mb_, db)
na, nb = 900, 950
df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
for rel in (False, True):
    est = (rb - ra) / ra if rel else rb - ra
    var = vb / (nb * ra ** 2) + va * rb ** 2 / (na * ra ** 4) if rel else va / na + vb / nb
    add(f"ratio metric, {'relative' if rel else 'absolute'}", "numpy np.cov on raw pairs, delta method",
        {"method": "frequentist", "differenceType": "relative" if rel else "absolute", "alpha": 0.05, "control": ratio_stat(ma_, da), "treatment": ratio_stat(mb_, db)},
        freq_result(est, var, df, 0.05))

# 7. CUPED: theta = pooled cov(post, pre) / var(pre) over both arms, from raw data.
xa = rng.normal(50, 10, 1000); pa = 0.8 * xa + rng.normal(0, 5, 1000)
xb = rng.normal(50, 10, 1100); pb = 0.8 * xb + rng.normal(0, 5, 1100) + 1.0
X = np.concatenate([xa, xb]); Y = np.concatenate([pa, pb])
theta = np.cov(Y, X, ddof=1)[0, 1] / X.var(ddof=1)
def cuped_stat(y, x):
    return {"type": "cuped", "n": len(y), "post": {"type": "mean", "sum": float(y.sum()), "sumSquares": float((y ** 2).sum())},
            "pre": {"type": "mean", "sum": float(x.sum()), "sumSquares": float((x ** 2).sum())}, "sumProducts": float((y * x).sum())}
adj_a, adj_b = pa - theta * xa, pb - theta * xb
est, var, df = welch(adj_a, adj_b, 0.05, False)
add("cuped, absolute", "numpy: pooled theta, Welch test on theta-adjusted raw values",
    {"method": "frequentist", "differenceType": "absolute", "alpha": 0.05, "control": cuped_stat(pa, xa), "treatment": cuped_stat(pb, xb)}, {**freq_result(est, var, df, 0.05), "theta": float(theta)})
# Relative CUPED: divide by the unadjusted control mean; delta method on (adjusted mean_b, adjusted mean_a, post mean_a).
n_a, n_b = len(pa), len(pb)
m_post_a = pa.mean()
est = (adj_b.mean() - adj_a.mean()) / m_post_a
# Gradient of g = (Ab - Pa + t Xa) / Pa w.r.t. (Pa, Xa) on the control side. The exact dg/dPa is
# -(Ab + t Xa) / Pa^2; GrowthBook uses -(post mean of b) / Pa^2, equal when the arms' pre means
# coincide (as randomization makes them in expectation). We follow GrowthBook.
gPa = -pb.mean() / m_post_a ** 2 ; gXa = theta / m_post_a
cov_a = np.cov(pa, xa, ddof=1)
var_ctrl = (gPa ** 2 * cov_a[0, 0] + gXa ** 2 * cov_a[1, 1] + 2 * gPa * gXa * cov_a[0, 1]) / n_a
var_trt = adj_b.var(ddof=1) / (n_b * m_post_a ** 2)
add("cuped, relative", "numpy gradient (delta method) on raw data",
    {"method": "frequentist", "differenceType": "relative", "alpha": 0.05, "control": cuped_stat(pa, xa), "treatment": cuped_stat(pb, xb)}, freq_result(est, var_ctrl + var_trt, df, 0.05))

# CUPED on conversion (pre-period conversion predicts post-period): GrowthBook's Bernoulli
# convention is 1/n for variances and the covariance, so the reference uses ddof=0 throughout.
xa = (rng.random(3000) < 0.2).astype(float); ya2 = np.where(xa == 1, rng.random(3000) < 0.5, rng.random(3000) < 0.1).astype(float)
xb = (rng.random(3100) < 0.2).astype(float); yb2 = np.where(xb == 1, rng.random(3100) < 0.55, rng.random(3100) < 0.11).astype(float)
X = np.concatenate([xa, xb]); Y = np.concatenate([ya2, yb2])
theta = np.cov(Y, X, ddof=0)[0, 1] / X.var(ddof=0)
def cuped_prop(y, x):
    return {"type": "cuped", "n": len(y), "post": {"type": "proportion", "sum": float(y.sum())}, "pre": {"type": "proportion", "sum": float(x.sum())}, "sumProducts": float((y * x).sum())}
est, var, df = welch(ya2 - theta * xa, yb2 - theta * xb, 0.05, False, lambda v: v.var(ddof=0))
add("cuped on conversion, absolute", "numpy: pooled theta (ddof 0, Bernoulli convention), Welch on adjusted raw values",
    {"method": "frequentist", "differenceType": "absolute", "alpha": 0.05, "control": cuped_prop(ya2, xa), "treatment": cuped_prop(yb2, xb)}, {**freq_result(est, var, df, 0.05), "theta": float(theta)})

# SRM: Mendel's peas (9:3:3:1, chi2 = 0.470, p = 0.925) and the 1000 vs 1200 example.
for obs, w, src in [([315, 108, 101, 32], [9 / 16, 3 / 16, 3 / 16, 1 / 16], "Mendel's dihybrid cross, textbook chi-square GOF"),
                    ([1000, 1200], [0.5, 0.5], "issue example; chi2 = 2*100^2/1100"),
                    ([5021, 4979, 10050], [0.25, 0.25, 0.5], "balanced three-way split")]:
    r = stats.chisquare(obs, np.array(w) * sum(obs))
    cases["srm"].append({"source": src, "observed": obs, "weights": w, "chi2": float(r.statistic), "pValue": float(r.pvalue)})

# GrowthBook's own published test expectations (packages/stats/tests/frequentist/test_tests.py,
# rounded to 5 decimals there): they check that we follow GrowthBook's definitions, including
# the relative CUPED variance and the sequential p-value.
A = {"type": "mean", "sum": 1396.87, "sumSquares": 52377.9767}
B = {"type": "mean", "sum": 2422.7, "sumSquares": 134698.29, "n": 3461}
cases["growthbook"] = [
    {"name": "TwoSidedTTest relative", "input": {"method": "frequentist", "differenceType": "relative", "control": {**A, "n": 3407}, "treatment": B},
     "expected": {"expected": 0.70732, "ci": [-0.03526, 1.44989], "pValue": 0.06191}},
    {"name": "TwoSidedTTest absolute", "input": {"method": "frequentist", "differenceType": "absolute", "control": {**A, "n": 3407}, "treatment": B},
     "expected": {"expected": 0.29, "ci": [0.04538, 0.53462], "pValue": 0.02016}},
    {"name": "TwoSidedTTest binomial relative", "input": {"method": "frequentist", "differenceType": "relative", "control": {"type": "proportion", "sum": 14, "n": 28}, "treatment": {"type": "proportion", "sum": 16, "n": 30}},
     "expected": {"expected": 0.06667, "ci": [-0.47767, 0.61101], "pValue": 0.80707}},
    {"name": "SequentialTwoSidedTTest tuning 1000", "input": {"method": "sequential", "differenceType": "relative", "sequentialTuning": 1000, "control": {**A, "n": 3000}, "treatment": B},
     "expected": {"expected": 0.50336, "ci": [-0.55844, 1.56516], "pValue": 1}},
    {"name": "SequentialTwoSidedTTest proportion", "input": {"method": "sequential", "differenceType": "relative", "control": {"type": "proportion", "sum": 1396, "n": 3000}, "treatment": {"type": "proportion", "sum": 2422, "n": 3461}},
     "expected": {"expected": 0.50386, "ci": [0.40098, 0.60675], "pValue": 0.0}},
    {"name": "SequentialTwoSidedTTest CUPED relative", "input": {"method": "sequential", "differenceType": "relative",
        "control": {"type": "cuped", "n": 3000, "post": A, "pre": {"type": "mean", "sum": 16.87, "sumSquares": 527.9767}, "sumProducts": 1},
        "treatment": {"type": "cuped", "n": 3461, "post": {k: v for k, v in B.items() if k != "n"}, "pre": {"type": "mean", "sum": 22.7, "sumSquares": 1348.29}, "sumProducts": 1}},
     "expected": {"expected": 0.50338, "ci": [-0.50969, 1.51646], "pValue": 1}},
]

out = pathlib.Path(__file__).resolve().parent.parent / "cases.json"
out.write_text(json.dumps(cases, indent=2) + "\n")
print(f"wrote {out}")
