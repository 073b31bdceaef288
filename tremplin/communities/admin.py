from django.contrib import admin

from tremplin.communities.models import Community, Event, Membership, Resource, Thread

admin.site.register(Community)
admin.site.register(Membership)
admin.site.register(Thread)
admin.site.register(Event)
admin.site.register(Resource)
