"""How a careful trainee and a careless one play each built-in scenario."""

from tests.scenarios.player import DONE, SUPPLEMENT, TRANSFERRED


def _full(p, key, *, lookup=True, method="token"):
    p.wait_for(key)
    if lookup:
        p.lookup(key)
    p.receive(key)
    p.process(key, method)
    p.give_back(key)


def good_khai_sinh(p):
    _full(p, "khai-sinh")


def good_ban_sao(p):
    _full(p, "ban-sao")


def good_ket_hon(p):
    _full(p, "ket-hon")


def good_ho_kinh_doanh(p):
    _full(p, "ho-kinh-doanh", lookup=False)


def _back_from_transfer(p, key):
    """Advance the clock until the agency sends its signed result back."""
    p.wait_until(lambda: p.dossier(key).stage != TRANSFERRED, step=_hours(1))
    assert p.dossier(key).status == DONE


def good_ngoai_noi_cu_tru(p):
    p.wait_for("tinh-trang-hon-nhan")
    p.lookup("tinh-trang-hon-nhan")
    p.receive("tinh-trang-hon-nhan")
    p.forward("tinh-trang-hon-nhan")
    _back_from_transfer(p, "tinh-trang-hon-nhan")
    p.give_back("tinh-trang-hon-nhan")


def _transfer_to_province(p):
    p.wait_for("doanh-nghiep")
    p.lookup("doanh-nghiep")
    p.receive("doanh-nghiep")
    p.transfer("doanh-nghiep", "province_department_finance")
    _back_from_transfer(p, "doanh-nghiep")


def good_doanh_nghiep(p):
    _transfer_to_province(p)
    p.give_back("doanh-nghiep")


def bad_doanh_nghiep(p):
    _transfer_to_province(p)  # and the result is never handed to the citizen


def good_token(p):
    _full(p, "khai-sinh", lookup=False, method="remote")


def good_bo_sung_muon(p):
    p.wait_for("cai-chinh")
    p.supplement("cai-chinh", ["giay_to_lam_can_cu"])
    p.wait_until(lambda: p.dossier("cai-chinh").status != SUPPLEMENT, step=_hours(1))
    p.receive("cai-chinh")
    p.process("cai-chinh")
    p.give_back("cai-chinh")


def good_qua_han(p):
    key = "ho-kinh-doanh"
    p.wait_for(key)
    p.receive(key)
    p.assign(key)
    p.transfer(key, "tax_office")
    p.apologise(key)
    p.wait_until(lambda: p.dossier(key).stage != TRANSFERRED, step=_hours(1))
    p.appraise(key)
    p.approve(key)
    p.give_back(key)


def good_csdl(p):
    _full(p, "chu-ky")


def good_thieu_giay(p):
    p.wait_for("khai-sinh")
    p.supplement("khai-sinh", ["giay_chung_sinh"])
    p.wait_until(lambda: p.dossier("khai-sinh").status != SUPPLEMENT, step=_minutes(15))
    p.receive("khai-sinh")
    p.process("khai-sinh")
    p.give_back("khai-sinh")


def good_buoi_sang(p):
    p.wait_for("khai-sinh")
    p.receive("khai-sinh")
    p.wait_for("ban-sao")
    p.receive("ban-sao")
    p.process("ban-sao")
    p.give_back("ban-sao")
    p.wait_for("khai-tu")
    p.receive("khai-tu")
    for key in ("khai-sinh", "khai-tu"):
        p.process(key)
        p.give_back(key)
    p.wait_for("chu-ky")
    p.receive("chu-ky")
    p.process("chu-ky")
    p.give_back("chu-ky")


def _hours(n):
    from datetime import timedelta

    return timedelta(hours=n)


def _minutes(n):
    from datetime import timedelta

    return timedelta(minutes=n)


def _refuse(key):
    def play(p):
        p.wait_for(key)
        p.refuse(key)

    return play


def bad_ban_sao(p):
    p.wait_for("ban-sao")
    p.wait(hours=2)
    p.receive("ban-sao")


def bad_token(p):
    p.wait_for("khai-sinh")
    p.receive("khai-sinh")
    p.assign("khai-sinh")
    p.appraise("khai-sinh")
    from fake_portal.errors import WorkflowError

    try:
        p.approve("khai-sinh", method="token")
    except WorkflowError:
        pass  # the token is not plugged in: the careless leader gives up


def bad_bo_sung_muon(p):
    p.wait_for("cai-chinh")
    p.supplement("cai-chinh", ["giay_to_lam_can_cu"])
    p.wait(hours=8)
    p.stop("cai-chinh")


def bad_qua_han(p):
    key = "ho-kinh-doanh"
    p.wait_for(key)
    p.receive(key)
    p.assign(key)
    p.transfer(key, "tax_office")
    p.wait_until(lambda: p.dossier(key).stage != TRANSFERRED, step=_hours(1))
    p.apologise(key)


def bad_thieu_giay(p):
    p.wait_for("khai-sinh")
    p.receive("khai-sinh")
    p.process("khai-sinh")
    p.give_back("khai-sinh")


def bad_buoi_sang(p):
    p.wait_for("khai-sinh")
    p.wait(hours=9)


SCRIPTS = {
    "khai-sinh-truc-tuyen": (good_khai_sinh, _refuse("khai-sinh")),
    "chung-thuc-ban-sao-tai-quay": (good_ban_sao, bad_ban_sao),
    "ket-hon-the-can-cuoc-het-han": (good_ket_hon, _refuse("ket-hon")),
    "ho-kinh-doanh-chuyen-ve-xa": (good_ho_kinh_doanh, _refuse("ho-kinh-doanh")),
    "ho-so-ngoai-noi-cu-tru": (good_ngoai_noi_cu_tru, _refuse("tinh-trang-hon-nhan")),
    "dang-ky-doanh-nghiep-cap-tinh": (good_doanh_nghiep, bad_doanh_nghiep),
    "lanh-dao-khong-co-token": (good_token, bad_token),
    "bo-sung-tra-loi-muon": (good_bo_sung_muon, bad_bo_sung_muon),
    "qua-han-van-ban-xin-loi": (good_qua_han, bad_qua_han),
    "csdl-dan-cu-sai-thong-tin": (good_csdl, _refuse("chu-ky")),
    "khai-sinh-thieu-giay-chung-sinh": (good_thieu_giay, bad_thieu_giay),
    "buoi-sang-dong-ho-so": (good_buoi_sang, bad_buoi_sang),
}
