# The numpy baseline for `bench:tally` (the bar the issue set): the same steps as app/domain/consensus.ts on a Pol.is
# export (last vote per voter and statement, mean imputation, ≥ 7 votes to be clustered, two components by power
# iteration, projections scaled by √(statements / votes), k-means k = 2…5 with a silhouette on 1,000 voters).
# Usage: python3 bench/polis_baseline.py <folder>  → prints one JSON line: seconds, groups, labels by voter-id.
import json
import sys
import time

import numpy as np

start = time.perf_counter()
folder = sys.argv[1]
raw = np.loadtxt(f"{folder}/votes.csv", delimiter=",", skiprows=1, usecols=(0, 2, 3, 4), dtype=np.int64)
comments = np.loadtxt(f"{folder}/comments.csv", delimiter=",", skiprows=1, usecols=(2, 6), dtype=np.int64)
order = np.lexsort((raw[:, 0], raw[:, 1], raw[:, 2]))
raw = raw[order]
last = np.ones(len(raw), dtype=bool)
last[:-1] = (raw[1:, 1] != raw[:-1, 1]) | (raw[1:, 2] != raw[:-1, 2])
raw = raw[last]
keep = np.isin(raw[:, 1], comments[comments[:, 1] != -1, 0])
raw = raw[keep]
voters, vrow = np.unique(raw[:, 2], return_inverse=True)
statements, scol = np.unique(raw[:, 1], return_inverse=True)
n, p = len(voters), len(statements)
m = np.full((n, p), np.nan)
m[vrow, scol] = raw[:, 3]
seen = ~np.isnan(m)
means = np.nanmean(m, axis=0)
x = np.where(seen, m - means, 0.0)
counts = seen.sum(axis=1)
inconv = counts >= min(7, p)
xi = x[inconv]
rng = np.random.default_rng(7)
v = rng.random((p, 2)) - 0.5
v, _ = np.linalg.qr(v)
for _ in range(200):
    w = xi.T @ (xi @ v)
    w, _ = np.linalg.qr(w)
    if np.abs(np.abs(np.sum(w * v, axis=0)) - 1).max() < 1e-12:
        v = w
        break
    v = w
proj = (x @ v) * np.sqrt(p / np.maximum(counts, 1))[:, None]
pts = proj[inconv]


def kmeans(points, k, seed):
    r = np.random.default_rng(seed)
    centres = [points[r.integers(len(points))]]
    for _ in range(1, k):
        d2 = np.min(((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
        centres.append(points[r.choice(len(points), p=d2 / d2.sum())])
    centres = np.array(centres)
    labels = np.zeros(len(points), dtype=int)
    for _ in range(100):
        new = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        centres = np.array([points[labels == c].mean(0) if np.any(labels == c) else centres[c] for c in range(k)])
    inertia = ((points - centres[labels]) ** 2).sum()
    return labels, inertia


def silhouette(points, labels, k):
    idx = np.random.default_rng(1).choice(len(points), size=min(1000, len(points)), replace=False)
    s, l = points[idx], labels[idx]
    d = np.sqrt(((s[:, None, :] - s[None]) ** 2).sum(-1))
    total = 0.0
    for i in range(len(s)):
        own = l == l[i]
        own[i] = False
        if not own.any():
            continue
        a = d[i, own].mean()
        b = min(d[i, l == c].mean() for c in range(k) if c != l[i] and np.any(l == c))
        total += (b - a) / max(a, b, 1e-12)
    return total / len(s)


candidates = []
for k in range(2, 6):
    labels, inertia = min((kmeans(pts, k, 20261122 + k + 1000 * r) for r in range(4)), key=lambda t: t[1])
    candidates.append((labels, silhouette(pts, labels, k), k))
# The fewest groups whose silhouette is within the slack of the best (as the tally chooses: silhouetteSlack).
top = max(c[1] for c in candidates)
slack = 0.12 * min(1, 20 / max(1, p))
best = next(c for c in candidates if c[1] >= top - slack)
elapsed = time.perf_counter() - start
out = np.full(n, -1)
out[inconv] = best[0]
print(json.dumps({"seconds": elapsed, "groups": int(best[2]), "labels": {str(int(vid)): int(g) for vid, g in zip(voters, out)}}))
