"""Faskes: the list of facilities (`views.facility_list`) and one facility's page
(`views.facility_detail`), imported from here by the route table."""

from __future__ import annotations

from views.facility_detail import FacilityDetailView
from views.facility_list import FacilityListView

__all__ = ["FacilityDetailView", "FacilityListView"]
