"""The admin face (`/admin`): Dinkes and facility admins run the system without
editing files. The shell is face.py; its sections are listed in sections.py."""

from views.admin.face import AdminView

__all__ = ["AdminView"]
