"""Faskes: the list of facilities (`views.faskes.facility_list`) and one facility's page
(`views.faskes.facility_detail`), imported from here by the route table."""

from __future__ import annotations

from views.faskes.facility_detail import FacilityDetailView
from views.faskes.facility_list import FacilityListView

__all__ = ["FacilityDetailView", "FacilityListView"]
