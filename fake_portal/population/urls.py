app_name = "population"

urlpatterns = []
