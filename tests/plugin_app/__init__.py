"""A small app that plugs into Tremplin with its folder and one line in INSTALLED_APPS:
a notice board where an agency's staff post notices to members. It exists to prove the
seams (tests/test_plugin_app.py runs it in a Django of its own); it is not part of the
product."""
