"""Family journeys: costed case studies on a timeline, a redesign beside them, and the
prevention sum A - (B + C) = Y worked through."""
