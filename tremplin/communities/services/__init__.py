"""The actions of communities, one module per part; `posting` and `log` are shared by
every part (who may post where, and the community's moderation log)."""
