"""The Dinkes dashboard (`/dashboard`)."""

from views.dashboard.screen import DashboardView

__all__ = ["DashboardView"]
