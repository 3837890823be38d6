"""The neurogenic-pattern detector classes walks as vascular-like, neurogenic-like, both or mixed,
judged on plain data (no database). Likelihood ratios are for the spine against the arteries."""

import json
from datetime import UTC, datetime, timedelta

from notifications.detectors.limb_threat import AbiReading
from notifications.detectors.neurogenic import (
    BOTH,
    MIXED,
    NEUROGENIC_LIKE,
    VASCULAR_LIKE,
    PostureReading,
    WalkSigns,
    neurogenic_pattern,
)

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
END = T0 + timedelta(days=30)


def walk(day, *, relief="sitting", onset=200.0, distance=None, locations=("thigh",), side=None,
         qualities=(), aid="none", terrain=None, n=0, standing=None):
    distance = distance if distance is not None else (onset or 300.0) * 1.3
    return WalkSigns(id=f"w{day}-{n}", started_at=T0 + timedelta(days=day, minutes=n),
                     distance_m=distance, pain_onset_m=onset, pain_locations=locations,
                     pain_side=side, pain_qualities=qualities,
                     relief_posture=relief if onset is not None else None,
                     terrain=terrain, walking_aid=aid, pain_while_standing=standing)


def judge(walks, tests=(), *, as_of=END, cause="unknown", abi=()):
    return neurogenic_pattern(walks, tests, as_of=as_of, time_zone="Europe/Paris",
                              suspected_cause=cause, abi_readings=abi)


def abi(value, *, legs=("left", "right")):
    return [AbiReading(f"abi-{leg}", T0, leg, value, None) for leg in legs]


def neurogenic_walks(days=range(0, 20, 2)):
    return [walk(d, relief="bending_forward" if d % 4 else "sitting",
                 locations=("back", "buttock", "thigh"), side="both",
                 qualities=("tingling", "heaviness")) for d in days]


def vascular_walks(days=range(0, 20, 2)):
    return [walk(d, relief="standing_still", locations=("calf",), side="left",
                 qualities=("cramping",)) for d in days]


def test_flexion_relief_bilateral_tingling_and_back_pain_is_neurogenic_like():
    finding = judge(neurogenic_walks())
    assert finding.pattern_class == NEUROGENIC_LIKE
    signs = finding.evidence["signs"]
    assert signs["flexion"]["finding"] == "relieved_by_bending_forward"
    assert signs["flexion"]["lr"] == 6.4 and signs["flexion"]["source"] == "konno2007"
    # Against arterial disease, sitting down and pain in both legs weigh little (Nadeau 2013).
    relief, bilateral = signs["relief_posture"], signs["bilateral_pain"]
    assert (relief["lr"], relief["source"]) == (1.0, "nadeau2013")
    assert (bilateral["lr"], bilateral["source"]) == (1.5, "assumption")
    assert finding.evidence["posterior_neurogenic"] >= 0.8


def test_calf_pain_relieved_by_standing_still_alone_is_vascular_like():
    # No other sign recorded: the one constellation (LR 20 for vascular) decides.
    walks = [walk(d, relief="standing_still", locations=("calf",)) for d in range(0, 20, 2)]
    finding = judge(walks)
    assert finding.pattern_class == VASCULAR_LIKE
    relief = finding.evidence["signs"]["relief_posture"]
    assert relief["finding"] == "calf_pain_relieved_by_standing_still"
    assert relief["lr"] == 0.05 and relief["source"] == "nadeau2013"
    # 1/21 unbounded; walks alone claim no less than 0.05.
    assert finding.evidence["posterior_neurogenic"] == 0.05


def test_standing_relief_without_calf_pain_weighs_less():
    walks = [walk(d, relief="standing_still", locations=("thigh",)) for d in range(0, 20, 2)]
    finding = judge(walks)
    assert finding.evidence["signs"]["relief_posture"]["source"] == "assumption"
    assert finding.pattern_class == MIXED  # 1/3 alone moves even odds only to 0.25


def test_relief_by_sitting_alone_is_mixed_and_the_shopping_cart_sign_tips_it():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    alone = judge(sitting)
    # Not Katz's 3.3 (against other leg pain): in arterial disease any rest helps (Nadeau 2013).
    assert alone.pattern_class == MIXED and alone.evidence["signs"]["relief_posture"]["lr"] == 1.0

    with_cart = [walk(d, relief="sitting", onset=600.0, aid="shopping_cart", n=1)
                 for d in range(1, 8, 2)]
    cart = judge(sitting + with_cart)
    sign = cart.evidence["signs"]["flexion"]
    assert sign["finding"] == "longer_with_forward_leaning_aid"
    assert sign["observed"]["cart_walks"]["ratio"] == 3.0
    assert sign["walk_ids"] == [w.id for w in with_cart]
    assert cart.evidence["posterior_neurogenic"] > alone.evidence["posterior_neurogenic"]
    assert cart.pattern_class == NEUROGENIC_LIKE


def test_painless_cart_walks_count_as_censored_not_as_missing():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    # With the cart no pain came at all: each walk only shows the pain-free distance is >= 500 m.
    painless = [walk(d, onset=None, distance=500.0, aid="shopping_cart", n=1)
                for d in range(1, 8, 2)]
    sign = judge(sitting + painless).evidence["signs"]["flexion"]
    assert sign["finding"] == "longer_with_forward_leaning_aid"
    assert sign["observed"]["cart_walks"]["with_aid"]["reached"] is False


def test_no_cart_effect_lowers_the_odds():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    same = [walk(d, relief="sitting", aid="shopping_cart", n=1) for d in range(1, 8, 2)]
    finding = judge(sitting + same)
    assert finding.evidence["signs"]["flexion"]["lr"] == 0.75
    without = judge(sitting).evidence["posterior_neurogenic"]
    assert finding.evidence["posterior_neurogenic"] < without


def test_clinic_posture_tests_count_when_walks_cannot_show_the_sign():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    tests = [PostureReading("cart-1", T0, "shopping_cart", 244.4),
             PostureReading("bike-1", T0, "bicycle", 173.7),
             PostureReading("bike-later", END + timedelta(days=1), "bicycle", 0.0)]  # not yet done
    finding = judge(sitting, tests)
    signs = finding.evidence["signs"]
    assert signs["flexion"]["observed"]["posture_test_id"] == "cart-1"
    assert signs["bicycle_posture"]["finding"] == "forward_leaning_effect"
    assert signs["bicycle_posture"]["source"] == "assumption"
    assert finding.evidence["posture_test_ids"] == ["bike-1", "cart-1"]
    assert finding.pattern_class == NEUROGENIC_LIKE


def test_downhill_worse_than_uphill_is_a_modest_neurogenic_sign():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    down = [walk(d, onset=100.0, terrain="downhill", n=1) for d in range(1, 7, 2)]
    up = [walk(d, onset=300.0, terrain="uphill", n=2) for d in range(1, 7, 2)]
    terrain = judge(sitting + down + up).evidence["signs"]["terrain"]
    assert (terrain["finding"], terrain["lr"]) == ("downhill_worse_than_uphill", 2.0)
    reverse = judge(sitting + [walk(d, onset=100.0, terrain="uphill", n=1) for d in range(1, 7, 2)]
                    + [walk(d, onset=300.0, terrain="downhill", n=2) for d in range(1, 7, 2)])
    assert reverse.evidence["signs"]["terrain"]["lr"] == 0.5


def test_variable_onset_distance_on_flat_walks_is_a_modest_neurogenic_sign():
    onsets = [40, 400, 90, 350, 120, 500, 60, 300]
    variable = [walk(d, onset=float(o), terrain="flat")
                for d, o in zip(range(0, 16, 2), onsets, strict=True)]
    steady_onsets = [300, 310, 290, 305, 295, 300]
    steady = [walk(d, onset=float(o), terrain="flat")
              for d, o in zip(range(0, 16, 2), steady_onsets, strict=False)]
    assert judge(variable).evidence["signs"]["onset_variability"]["lr"] == 1.5
    assert judge(steady).evidence["signs"]["onset_variability"]["lr"] == 0.67


def test_too_few_painful_walks_with_relief_is_not_enough_data():
    few = neurogenic_walks(days=range(0, 8, 2))  # four
    unrecorded = [walk(d, relief=None) for d in range(10, 20, 2)]  # relief not recorded
    painless = [walk(d, onset=None) for d in range(21, 29)]
    finding = judge(few + unrecorded + painless, cause="vascular")
    assert finding.pattern_class is None and finding.met is None
    assert finding.evidence["minimum_painful_walks_with_relief"] == 5


def test_walks_outside_the_eight_week_window_or_after_as_of_are_ignored():
    old = neurogenic_walks(days=range(-80, -60, 2))
    assert judge(old).pattern_class is None
    future = neurogenic_walks(days=range(31, 45, 2))
    assert judge(future).pattern_class is None


def test_a_pattern_contradicting_the_recorded_cause_is_met():
    neuro = judge(neurogenic_walks(), cause="vascular")
    assert neuro.met and neuro.reasons == ("disagrees_with_recorded_cause",)
    assert neuro.title == "Walking pattern neurogenic-like; recorded cause: vascular"
    assert neuro.as_of == T0 + timedelta(days=18)  # the latest walk it judged, not the clock
    vascular = judge(vascular_walks(), cause="neurogenic")
    assert vascular.met and vascular.pattern_class == VASCULAR_LIKE


def test_agreement_mixed_and_unknown_causes_are_not_met():
    assert judge(neurogenic_walks(), cause="neurogenic").met is False
    assert judge(vascular_walks(), cause="vascular").met is False
    assert judge(neurogenic_walks(), cause="mixed").met is False  # a mixed cause fits any pattern
    assert judge(vascular_walks(), cause="unknown").met is False  # nothing recorded to contradict
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    assert judge(sitting, cause="vascular").pattern_class == MIXED
    assert judge(sitting, cause="vascular").met is False  # mixed contradicts no recorded cause


def test_a_change_from_an_established_class_is_met():
    before = vascular_walks(days=range(-60, -2, 2))
    after = neurogenic_walks(days=range(0, 56, 2))
    finding = judge(before + after, as_of=T0 + timedelta(days=56))
    assert finding.pattern_class == NEUROGENIC_LIKE
    assert finding.reasons == ("class_changed",)
    assert finding.evidence["previous_window"]["pattern_class"] == VASCULAR_LIKE
    assert "was vascular-like" in finding.title
    # The same walks with a matching recorded cause still alert: the pattern changed.
    assert judge(before + after, as_of=T0 + timedelta(days=56), cause="neurogenic").met
    # A steady pattern over both windows is no change.
    steady = judge(neurogenic_walks(days=range(-60, 56, 2)), as_of=T0 + timedelta(days=56))
    assert steady.met is False


def test_evidence_shows_every_sign_its_numbers_and_sources_and_is_json():
    finding = judge(neurogenic_walks(), cause="vascular")
    evidence = json.loads(json.dumps(finding.evidence))
    assert set(evidence["signs"]) == {"relief_posture", "flexion", "pain_while_standing",
                                      "bilateral_pain", "back_pain", "pain_quality", "terrain",
                                      "onset_variability", "bicycle_posture", "resting_abi"}
    relief = evidence["signs"]["relief_posture"]
    assert relief["observed"] == {"painful_walks_with_relief": 10, "sitting": 5,
                                  "bending_forward": 5, "standing_still": 0, "lying_down": 0,
                                  "calf_pain_among_standing_still": 0}
    assert len(evidence["walk_ids"]) == 10
    assert evidence["window_start"] == "2026-04-06" and evidence["window_end"] == "2026-05-31"
    assert "Can J Surg 2013" in evidence["sources"]["nadeau2013"]
    assert "Eur Spine J 2007" in evidence["sources"]["konno2007"]
    # The prior follows the recorded cause: vascular 0.25.
    assert evidence["prior_neurogenic"] == 0.25 and evidence["recorded_cause"] == "vascular"


def calf_sitter_walks():
    # Calf cramps in both legs, at a reproducible distance on the flat, sits down to rest.
    return [walk(d, relief="sitting", onset=float(o), locations=("calf",), side="both",
                 qualities=("cramping",), terrain="flat")
            for d, o in zip(range(0, 20, 2), [300, 310, 290, 305, 295, 300, 300, 310, 290, 300],
                            strict=True)]


def test_bilateral_calf_cramps_at_a_reproducible_distance_relieved_by_sitting_is_not_spinal():
    finding = judge(calf_sitter_walks())
    assert finding.pattern_class != NEUROGENIC_LIKE  # 0.87 before, counting Katz and Suri
    assert finding.evidence["posterior_neurogenic"] < 0.5
    signs = finding.evidence["signs"]
    assert signs["onset_variability"]["finding"] == "reproducible_onset_distance"
    assert signs["flexion"]["lr"] == 1.0  # sitting down is not the flexion sign


def test_a_spinal_patient_with_calf_pain_is_neurogenic_like():
    # Calf pain too, but relieved by sitting or bending forward, also brought on by standing,
    # and at a variable distance.
    onsets = [40, 400, 90, 350, 120, 500, 60, 300, 150, 450]
    walks = [walk(d, relief="bending_forward" if d % 4 else "sitting", onset=float(o),
                  locations=("calf",), terrain="flat", standing=d % 3 == 0)
             for d, o in zip(range(0, 20, 2), onsets, strict=True)]
    finding = judge(walks)
    assert finding.pattern_class == NEUROGENIC_LIKE
    standing = finding.evidence["signs"]["pain_while_standing"]
    assert (standing["lr"], standing["source"]) == (2.4, "nadeau2013")
    assert finding.evidence["signs"]["onset_variability"]["finding"] == "variable_onset_distance"


def test_pain_while_standing_not_asked_is_not_evidence_against_the_spine():
    finding = judge([walk(d, relief="sitting") for d in range(0, 20, 2)])
    assert finding.evidence["signs"]["pain_while_standing"]["lr"] == 1.0


def test_asked_on_many_walks_and_never_pain_on_standing_points_to_the_arteries():
    # Sitting down relieves both kinds of pain (LR 1); a patient who hurts in both legs and sits
    # to rest, but whose pain never comes on standing still, looks vascular (Nadeau 2013).
    walks = [walk(d, relief="sitting", locations=("calf",), side="both", standing=False)
             for d in range(0, 20, 2)]
    finding = judge(walks)
    standing = finding.evidence["signs"]["pain_while_standing"]
    assert (standing["finding"], standing["lr"], standing["source"]) == (
        "never_on_standing_still", 0.05, "nadeau2013")
    assert finding.pattern_class == VASCULAR_LIKE
    # Four answers are not yet a history: no evidence either way.
    few = judge(walks[:4] + [walk(d, relief="sitting", locations=("calf",), side="both")
                             for d in range(1, 20, 2)])
    assert few.evidence["signs"]["pain_while_standing"]["lr"] == 1.0


def test_bending_forward_the_cart_sign_and_the_cart_test_count_as_one_flexion_sign():
    bending = [walk(d, relief="bending_forward") for d in range(0, 20, 2)]
    cart = [walk(d, relief="bending_forward", onset=600.0, aid="shopping_cart", n=1)
            for d in range(1, 8, 2)]
    tests = [PostureReading("cart-1", T0, "shopping_cart", 244.4)]
    finding = judge(bending + cart, tests)
    flexion = finding.evidence["signs"]["flexion"]
    assert flexion["observed"]["shown_by"] == [
        "relieved_by_bending_forward", "longer_with_forward_leaning_aid",
        "cart_test_forward_leaning_effect"]
    assert [s["lr"] for s in finding.evidence["signs"].values()].count(6.4) == 1
    assert finding.evidence["spinal_lr"] == 6.4  # applied once, not 6.4 x 6.4
    assert finding.evidence["posterior_neurogenic"] == round(6.4 / 7.4, 3)


def test_a_normal_abi_moves_toward_neurogenic_and_a_low_one_toward_vascular():
    walks = calf_sitter_walks()
    without = judge(walks).evidence["posterior_neurogenic"]
    normal = judge(walks, abi=abi(1.10))
    sign = normal.evidence["signs"]["resting_abi"]
    assert (sign["finding"], sign["source"]) == ("abi_normal_1_00_to_1_40", "xu2013")
    assert sign["lr"] == round(1 / 0.29, 3)
    assert normal.evidence["posterior_neurogenic"] > without
    low = judge(walks, abi=abi(1.10, legs=("left",)) + abi(0.72, legs=("right",)))
    assert low.evidence["signs"]["resting_abi"]["lr"] == round(1 / 4.18, 3)
    assert low.evidence["posterior_neurogenic"] < without
    assert low.pattern_class == VASCULAR_LIKE
    borderline = judge(walks, abi=abi(0.95))
    assert borderline.evidence["signs"]["resting_abi"]["lr"] == 1.0
    later = [AbiReading("abi-later", END + timedelta(days=1), "left", 0.5, None)]
    assert judge(walks, abi=later).evidence["signs"]["resting_abi"]["finding"] == "not_recorded"


def test_the_prior_follows_the_recorded_cause():
    walks = calf_sitter_walks()
    priors = {cause: judge(walks, cause=cause).evidence["prior_neurogenic"]
              for cause in ("vascular", "neurogenic", "mixed", "unknown")}
    assert priors == {"vascular": 0.25, "neurogenic": 0.75, "mixed": 0.5, "unknown": 0.5}


def test_strong_spinal_and_strong_arterial_evidence_is_both_not_mixed():
    # Calf pain relieved by standing still (LR 20 for the arteries, Nadeau 2013) and a low ABI,
    # but pain also brought on by standing and a clear shopping-cart sign: both diseases.
    walks = [walk(d, relief="standing_still", locations=("calf",), standing=True)
             for d in range(0, 20, 2)]
    walks += [walk(d, relief="standing_still", onset=600.0, locations=("calf",),
                   aid="shopping_cart", n=1) for d in range(1, 8, 2)]
    finding = judge(walks, abi=abi(0.72), cause="neurogenic")
    assert finding.pattern_class == BOTH
    assert finding.evidence["spinal_lr"] >= 10 and finding.evidence["arterial_lr"] >= 10
    assert finding.reasons == ("disagrees_with_recorded_cause",)
    assert "Uesugi" in finding.evidence["sources"]["uesugi2012"]
    assert judge(walks, abi=abi(0.72), cause="mixed").met is False
    # Without the spinal signs the same arterial evidence is simply vascular-like.
    arterial_only = [walk(d, relief="standing_still", locations=("calf",)) for d in range(0, 20, 2)]
    assert judge(arterial_only, abi=abi(0.72)).pattern_class == VASCULAR_LIKE


def test_walks_alone_never_claim_certainty_and_clinic_tests_only_a_little_more():
    onsets = [40, 400, 90, 350, 120, 500, 60, 300, 150, 450]
    spinal = [walk(d, relief="bending_forward", onset=float(o), locations=("back", "thigh"),
                   side="both", qualities=("tingling",), terrain="flat", standing=True)
              for d, o in zip(range(0, 20, 2), onsets, strict=True)]
    walks_only = judge(spinal, cause="neurogenic")
    assert walks_only.evidence["posterior_neurogenic"] == 0.95
    assert walks_only.evidence["probability_bounds"] == [0.05, 0.95]
    with_clinic = judge(spinal, [PostureReading("bike-1", T0, "bicycle", 173.7)],
                        cause="neurogenic", abi=abi(1.1))
    assert with_clinic.evidence["posterior_neurogenic"] == 0.98
    vascular = judge(vascular_walks(), cause="vascular")
    assert vascular.evidence["posterior_neurogenic"] == 0.05
