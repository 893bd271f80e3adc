"""Plane geometry for chapter 6's pictures: the decision regions of a linear
classifier as polygons, so that a figure fills them instead of sampling a grid.
"""

import numpy as np


class Box:
    """The bounding box of points (N, 2) plus a `margin` (a fraction of its size) on each side.

    extent: (x0, x1, y0, y1); corners: (4, 2), counter-clockwise from (x0, y0).
    """

    def __init__(self, points, margin=0.1):
        low, high = points.min(axis=0), points.max(axis=0)
        pad = margin * (high - low) + 1e-9
        (x0, y0), (x1, y1) = low - pad, high + pad
        self.extent = (x0, x1, y0, y1)
        self.corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])

    def regions(self, W, b):
        """One polygon (M, 2) per class: the points of the box where z_k is the largest logit.

        W (K, 2), b (K,). Region k is the box cut by the K - 1 half-planes z_k - z_j >= 0,
        each bounded by a straight line because z_k - z_j = (w_k - w_j) . x + (b_k - b_j)
        is linear in x. A class that wins nowhere gets an empty polygon (0, 2).
        """
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        polygons = []
        for k in range(len(b)):
            polygon = self.corners
            for j in range(len(b)):
                if j != k:
                    polygon = clip(polygon, W[k] - W[j], b[k] - b[j])
            polygons.append(polygon)
        return polygons


def clip(polygon, normal, offset):
    """The part of a convex polygon (M, 2) where normal . x + offset >= 0 (Sutherland-Hodgman).

    normal (2,), offset a number. Returns the clipped polygon (M', 2), possibly empty.
    """
    values = polygon @ normal + offset
    kept = []
    for p, q, vp, vq in zip(polygon, np.roll(polygon, -1, axis=0), values, np.roll(values, -1),
                               strict=True):
        if vp >= 0:
            kept.append(p)
        if (vp >= 0) != (vq >= 0):
            kept.append(p + (q - p) * vp / (vp - vq))
    return np.array(kept).reshape(-1, 2)
