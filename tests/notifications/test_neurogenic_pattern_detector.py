"""The neurogenic-pattern detector classes walks as vascular-like, neurogenic-like or mixed,
judged on plain data (no database)."""

import json
from datetime import UTC, datetime, timedelta

from notifications.detectors.neurogenic import (
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
         qualities=(), aid="none", terrain=None, n=0):
    distance = distance if distance is not None else (onset or 300.0) * 1.3
    return WalkSigns(id=f"w{day}-{n}", started_at=T0 + timedelta(days=day, minutes=n),
                     distance_m=distance, pain_onset_m=onset, pain_locations=locations,
                     pain_side=side, pain_qualities=qualities,
                     relief_posture=relief if onset is not None else None,
                     terrain=terrain, walking_aid=aid)


def judge(walks, tests=(), *, as_of=END, cause="unknown"):
    return neurogenic_pattern(walks, tests, as_of=as_of, time_zone="Europe/Paris",
                              suspected_cause=cause)


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
    assert signs["relief_posture"]["finding"] == "relieved_by_bending_forward"
    assert signs["relief_posture"]["lr"] == 6.4 and signs["relief_posture"]["source"] == "konno2007"
    assert signs["bilateral_pain"]["lr"] == 6.3 and signs["bilateral_pain"]["source"] == "suri2010"
    assert finding.evidence["posterior_neurogenic"] >= 0.8


def test_calf_pain_relieved_by_standing_still_alone_is_vascular_like():
    # No other sign recorded: the one constellation (LR 20 for vascular) decides.
    walks = [walk(d, relief="standing_still", locations=("calf",)) for d in range(0, 20, 2)]
    finding = judge(walks)
    assert finding.pattern_class == VASCULAR_LIKE
    relief = finding.evidence["signs"]["relief_posture"]
    assert relief["finding"] == "calf_pain_relieved_by_standing_still"
    assert relief["lr"] == 0.05 and relief["source"] == "nadeau2013"
    assert finding.evidence["posterior_neurogenic"] == round(1 / 21, 3)


def test_standing_relief_without_calf_pain_weighs_less():
    walks = [walk(d, relief="standing_still", locations=("thigh",)) for d in range(0, 20, 2)]
    finding = judge(walks)
    assert finding.evidence["signs"]["relief_posture"]["source"] == "assumption"
    assert finding.pattern_class == MIXED  # 1/3 alone moves even odds only to 0.25


def test_relief_by_sitting_alone_is_mixed_and_the_shopping_cart_sign_tips_it():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    alone = judge(sitting)
    assert alone.pattern_class == MIXED and alone.evidence["signs"]["relief_posture"]["lr"] == 3.3

    with_cart = [walk(d, relief="sitting", onset=600.0, aid="shopping_cart", n=1)
                 for d in range(1, 8, 2)]
    cart = judge(sitting + with_cart)
    sign = cart.evidence["signs"]["shopping_cart"]
    assert sign["finding"] == "longer_with_forward_leaning_aid" and sign["observed"]["ratio"] == 3.0
    assert sign["walk_ids"] == [w.id for w in with_cart]
    assert cart.evidence["posterior_neurogenic"] > alone.evidence["posterior_neurogenic"]
    assert cart.pattern_class == NEUROGENIC_LIKE


def test_painless_cart_walks_count_as_censored_not_as_missing():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    # With the cart no pain came at all: each walk only shows the pain-free distance is >= 500 m.
    painless = [walk(d, onset=None, distance=500.0, aid="shopping_cart", n=1)
                for d in range(1, 8, 2)]
    sign = judge(sitting + painless).evidence["signs"]["shopping_cart"]
    assert sign["finding"] == "longer_with_forward_leaning_aid"
    assert sign["observed"]["with_aid"]["reached"] is False


def test_no_cart_effect_lowers_the_odds():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    same = [walk(d, relief="sitting", aid="shopping_cart", n=1) for d in range(1, 8, 2)]
    finding = judge(sitting + same)
    assert finding.evidence["signs"]["shopping_cart"]["lr"] == 0.75
    without = judge(sitting).evidence["posterior_neurogenic"]
    assert finding.evidence["posterior_neurogenic"] < without


def test_clinic_posture_tests_count_when_walks_cannot_show_the_sign():
    sitting = [walk(d, relief="sitting") for d in range(0, 20, 2)]
    tests = [PostureReading("cart-1", T0, "shopping_cart", 244.4),
             PostureReading("bike-1", T0, "bicycle", 173.7),
             PostureReading("bike-later", END + timedelta(days=1), "bicycle", 0.0)]  # not yet done
    finding = judge(sitting, tests)
    signs = finding.evidence["signs"]
    assert signs["shopping_cart"]["observed"]["posture_test_id"] == "cart-1"
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
    assert set(evidence["signs"]) == {"relief_posture", "shopping_cart", "bilateral_pain",
                                      "back_pain", "pain_quality", "terrain", "onset_variability",
                                      "bicycle_posture"}
    relief = evidence["signs"]["relief_posture"]
    assert relief["observed"] == {"painful_walks_with_relief": 10, "sitting": 5,
                                  "bending_forward": 5, "standing_still": 0, "lying_down": 0,
                                  "calf_pain_among_standing_still": 0}
    assert len(evidence["walk_ids"]) == 10
    assert evidence["window_start"] == "2026-04-06" and evidence["window_end"] == "2026-05-31"
    assert "JAMA 2010" in evidence["sources"]["suri2010"]
    assert evidence["prior_neurogenic"] == 0.5 and evidence["recorded_cause"] == "vascular"
