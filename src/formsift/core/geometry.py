"""Page-relative geometry: every box is in 0..1 of the page's width and height."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned box in page-relative coordinates (0..1, origin top-left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def intersection_area(self, other: Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def contains_center_of(self, other: Box) -> bool:
        return self.x0 <= other.cx <= self.x1 and self.y0 <= other.cy <= self.y1

    def overlap_ratio(self, other: Box) -> float:
        """Share of ``other``'s area that lies inside this box."""
        area = other.area()
        return self.intersection_area(other) / area if area > 0 else 0.0

    def vertical_overlap(self, other: Box) -> float:
        """Overlap of the two boxes' vertical extents, relative to the smaller height."""
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.height, other.height)
        return h / smaller if smaller > 0 and h > 0 else 0.0

    def horizontal_overlap(self, other: Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        smaller = min(self.width, other.width)
        return w / smaller if smaller > 0 and w > 0 else 0.0

    def as_list(self) -> list[float]:
        return [round(self.x0, 5), round(self.y0, 5), round(self.x1, 5), round(self.y1, 5)]

    @classmethod
    def enclosing(cls, boxes: list[Box]) -> Box:
        if not boxes:
            raise ValueError("no boxes to enclose")
        return cls(
            min(b.x0 for b in boxes),
            min(b.y0 for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
        )
