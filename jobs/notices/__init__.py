"""Notices and policy documents (通知公告、政策法规): the ministry's for the nation, each
bureau's for its region; public once published (README "Notices and policies")."""
