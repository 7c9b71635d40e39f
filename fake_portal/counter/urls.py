app_name = "counter"
urlpatterns = []
