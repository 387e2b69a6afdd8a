"""Positions for the overview graph, computed on the server once per store version.

A force-directed layout in the ForceAtlas2 family: nodes repel in
proportion to their degree, links pull linearly, and a gravity keeps
disconnected pieces near the centre. Repulsion is exact (all pairs) for
small graphs; for large ones it is a particle-mesh approximation — masses
are spread on a grid (cloud-in-cell) and the repulsive field is one FFT
convolution — so a step costs O(n + G² log G) instead of O(n²) and 5,000
nodes lay out in about a second. Then the picture is scaled so the nodes
have room, and a collision pass (neighbours found through a cell grid)
pushes apart the nodes whose discs still overlap, so that every node can
be clicked. numpy only; the layout is deterministic for a given graph and
seed, so the picture does not change between loads.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

EXACT_MAX = 60  # up to this many nodes, repulsion is computed over all pairs


def node_radius(degree) -> np.ndarray:
    """The radius a node is drawn with, from its number of neighbours (pixels at zoom 1)."""
    return np.minimum(34.0, 6.0 + 2.2 * np.sqrt(np.asarray(degree, dtype=float)))


def force_layout(n: int, edges: np.ndarray, weights: np.ndarray | None = None, *, iterations: int | None = None,
                 seed: int = 0, scale: float = 100.0, radius: np.ndarray | None = None) -> np.ndarray:
    """Positions (n x 2) for n nodes joined by `edges` (m x 2 node indices).

    `weights` (m,) strengthens links asserted by more sources; `scale` is the
    typical link length in the output units (pixels on the page). Given
    `radius` (n,), the layout is spread until the discs fit and no two overlap.
    """
    if n == 0:
        return np.zeros((0, 2))
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    edges = edges[edges[:, 0] != edges[:, 1]]
    w = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=float)[: len(edges)]
    w = 1.0 + np.log1p(np.maximum(w, 1.0) - 1.0) * 0.5  # more sources, slightly shorter links
    src, dst = edges[:, 0], edges[:, 1]
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    mass = 1.0 + degree.astype(float)

    rng = np.random.default_rng(seed)
    spread = np.sqrt(n) * 2.0
    pos = rng.normal(size=(n, 2)) * spread / 2
    if iterations is None:
        iterations = 300 if n <= 1000 else 200
    kr = 1.0  # repulsion
    kg = 1.0 / np.sqrt(n)  # gravity, weaker as the graph grows so it spreads over ~sqrt(n)
    temp = spread / 4
    cool = (0.01 / temp) ** (1.0 / iterations) if temp > 0.01 else 1.0
    grid = int(np.clip(2 * np.sqrt(n), 32, 192))
    for _ in range(iterations):
        if n <= EXACT_MAX:
            force = _repulsion_exact(pos, mass)
        else:
            force = _repulsion_mesh(pos, mass, grid)
        force *= kr
        if len(edges):
            d = pos[dst] - pos[src]
            pull = d * w[:, None]
            force[:, 0] += np.bincount(src, pull[:, 0], minlength=n) - np.bincount(dst, pull[:, 0], minlength=n)
            force[:, 1] += np.bincount(src, pull[:, 1], minlength=n) - np.bincount(dst, pull[:, 1], minlength=n)
        force -= kg * mass[:, None] * pos
        # a node moves at most `temp` per step, heavier nodes more slowly
        step = force / mass[:, None]
        length = np.sqrt((step ** 2).sum(1))
        factor = np.minimum(1.0, temp / np.maximum(length, 1e-9))
        pos += step * factor[:, None]
        temp *= cool
    pos -= pos.mean(0)
    if len(edges):
        typical = np.median(np.sqrt(((pos[dst] - pos[src]) ** 2).sum(1)))
    else:
        typical = 1.0
    pos *= scale / max(typical, 1e-6)
    if radius is not None and n > 1:
        radius = np.asarray(radius, dtype=float)
        # room: the discs (with a margin) should cover at most a fifth of the drawing
        span = np.ptp(pos, axis=0).prod()
        need = 5 * np.pi * ((radius + 4) ** 2).sum()
        if span > 0 and need > span:
            pos *= np.sqrt(need / span)
        pos = separate(pos, radius, rng=rng)
    return pos


def separate(pos: np.ndarray, radius: np.ndarray, *, margin: float = 4.0, iterations: int = 60,
             rng: np.random.Generator | None = None) -> np.ndarray:
    """Push apart discs that overlap (with `margin`), smaller ones moving more; returns new positions."""
    pos = pos.astype(float).copy()
    n = len(pos)
    rng = rng or np.random.default_rng(0)
    cell = 2 * float(radius.max()) + margin
    for _ in range(iterations):
        i, j = _close_pairs(pos, cell)
        if not len(i):
            break
        d = pos[j] - pos[i]
        dist = np.sqrt((d ** 2).sum(1))
        overlap = radius[i] + radius[j] + margin - dist
        hit = overlap > 0
        if not hit.any():
            break
        i, j, d, dist, overlap = i[hit], j[hit], d[hit], dist[hit], overlap[hit]
        same = dist < 1e-9
        if same.any():  # coincident: a random direction
            angle = rng.uniform(0, 2 * np.pi, same.sum())
            d[same] = np.stack([np.cos(angle), np.sin(angle)], 1)
            dist[same] = 1.0
        unit = d / dist[:, None]
        ai, aj = radius[i] ** 2, radius[j] ** 2
        share_i = aj / (ai + aj)  # the smaller disc moves more
        push = unit * (overlap * 0.5)[:, None]
        move = np.zeros_like(pos)
        for k in (0, 1):
            move[:, k] -= np.bincount(i, push[:, k] * share_i * 2, minlength=n)
            move[:, k] += np.bincount(j, push[:, k] * (1 - share_i) * 2, minlength=n)
        pos += move * 0.5
    return pos


def _close_pairs(pos: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j in cell order) of nodes in the same or neighbouring grid cells."""
    n = len(pos)
    c = np.floor((pos - pos.min(0)) / cell).astype(np.int64)
    width = int(c[:, 1].max()) + 3
    key = (c[:, 0] + 1) * width + (c[:, 1] + 1)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    out_i, out_j = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = key + dx * width + dy
        lo = np.searchsorted(skey, target, "left")
        hi = np.searchsorted(skey, target, "right")
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            continue
        i = np.repeat(np.arange(n), counts)
        starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
        j = order[np.arange(total) + starts]
        if (dx, dy) == (0, 0):
            keep = rank[i] < rank[j]
            i, j = i[keep], j[keep]
        out_i.append(i)
        out_j.append(j)
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def _repulsion_exact(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    diff = pos[:, None, :] - pos[None, :, :]
    d2 = (diff ** 2).sum(-1) + 1e-4
    np.fill_diagonal(d2, np.inf)
    coef = mass[None, :] / d2
    return mass[:, None] * np.einsum("ij,ijk->ik", coef, diff)


@lru_cache(maxsize=4)
def _kernel_hat(grid: int) -> tuple[np.ndarray, np.ndarray]:
    """FFT of the 2-D field r/|r|² on a (2G x 2G) grid of offsets, in wrap-around order."""
    size = 2 * grid
    off = np.arange(size)
    off = np.where(off < grid, off, off - size).astype(float)
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx ** 2 + dy ** 2
    r2[0, 0] = np.inf
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _repulsion_mesh(pos: np.ndarray, mass: np.ndarray, grid: int) -> np.ndarray:
    lo = pos.min(0)
    span = float((pos.max(0) - lo).max()) or 1.0
    h = span / (grid - 1.001)
    g = (pos - lo) / h
    i0 = np.minimum(np.floor(g).astype(np.int64), grid - 2)
    f = g - i0
    w00 = (1 - f[:, 0]) * (1 - f[:, 1])
    w10 = f[:, 0] * (1 - f[:, 1])
    w01 = (1 - f[:, 0]) * f[:, 1]
    w11 = f[:, 0] * f[:, 1]
    base = i0[:, 0] * grid + i0[:, 1]
    cells = (base, base + grid, base + 1, base + grid + 1)
    weights = (w00, w10, w01, w11)
    rho = np.zeros(grid * grid)
    for c, wt in zip(cells, weights):
        rho += np.bincount(c, wt * mass, minlength=grid * grid)
    rho_hat = np.fft.rfft2(rho.reshape(grid, grid), s=(2 * grid, 2 * grid))
    kx, ky = _kernel_hat(grid)
    size = (2 * grid, 2 * grid)
    ex = np.fft.irfft2(rho_hat * kx, s=size)[:grid, :grid].ravel()
    ey = np.fft.irfft2(rho_hat * ky, s=size)[:grid, :grid].ravel()
    fx = sum(ex[c] * wt for c, wt in zip(cells, weights))
    fy = sum(ey[c] * wt for c, wt in zip(cells, weights))
    return np.stack([fx, fy], 1) * (mass[:, None] / h)
