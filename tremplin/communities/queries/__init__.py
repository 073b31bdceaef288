"""The read path of communities: every list a page or the API shows, and every "one
object the viewer may see, or 404", through the models' `visible_to` rules. One module
per part (directory, communities, threads, events, resources, moderation)."""
