from django.urls import path

from fake_portal.views import citizen

app_name = "citizen"

urlpatterns = [
    path("<int:sandbox>/", citizen.home, name="home"),
    path("<int:sandbox>/dang-nhap/", citizen.sign_in, name="sign-in"),
    path("<int:sandbox>/dang-xuat/", citizen.sign_out, name="sign-out"),
    path(
        "<int:sandbox>/thu-tuc/<str:code>/", citizen.procedure_detail, name="procedure"
    ),
    path("<int:sandbox>/nop/<str:code>/", citizen.file_online, name="file"),
    path("<int:sandbox>/ho-so/", citizen.my_dossiers, name="my-dossiers"),
    path("<int:sandbox>/tra-cuu/", citizen.track, name="track"),
    path("<int:sandbox>/ho-so/<str:code>/", citizen.dossier_status, name="dossier"),
    path("<int:sandbox>/ho-so/<str:code>/bo-sung/", citizen.supply, name="supply"),
    path("<int:sandbox>/ho-so/<str:code>/rut/", citizen.withdraw, name="withdraw"),
    path("<int:sandbox>/ho-so/<str:code>/danh-gia/", citizen.rate, name="rate"),
    path("<int:sandbox>/ho-so/<str:code>/thanh-toan/", citizen.pay, name="pay"),
    path(
        "<int:sandbox>/ho-so/<str:code>/ket-qua.pdf", citizen.result_file, name="result"
    ),
]
