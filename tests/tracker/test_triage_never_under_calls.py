"""Triage never under-calls: acute limb ischaemia and the early cauda equina signs are
emergencies, an ischaemic sign with new weakness or numbness is one too, fever with back pain is
seen the same day, night pain in the leg is rest pain, and every symptom kind has a triage or a
stated reason for none. The phone can apply the same table offline (GET /api/v1/triage/)."""

import itertools

import pytest

from harness.payloads import symptom_payload
from notifications.models import Alert
from tracker.models import RedFlag, SymptomKind
from tracker.red_flags import KIND_TRIAGE, KIND_WITHOUT_TRIAGE, RED_FLAG_TRIAGE, symptom_triage


def sync(client, reports):
    response = client.post("/api/v1/symptoms/sync/", {"symptoms": reports}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def says_call_the_emergency_number_now(instruction: str) -> bool:
    text = instruction.lower()
    return "call your emergency number now" in text or (
        "emergency" in text and "now" in text and "do not wait" in text)


@pytest.mark.parametrize("flag", ["urinary_retention", "rectal_sensation_loss",
                                  "sexual_dysfunction", "bilateral_leg_symptoms"])
def test_early_cauda_equina_signs_are_emergencies(client_for, alice, bob, flag):
    # GIRFT National Suspected CES Pathway (2023): each goes to an emergency department at once.
    (result,) = sync(client_for(alice), [symptom_payload(kind="back_pain", red_flags=[flag])])
    assert result["severity"] == "emergency" and result["same_day"] is True
    assert says_call_the_emergency_number_now(result["instruction"])
    alert = Alert.objects.get(patient=alice)
    assert (alert.kind, alert.severity) == ("red_flag_cauda_equina", "emergency")


def test_a_suddenly_cold_pale_painful_leg_is_an_emergency_with_an_explicit_instruction(
        client_for, alice):
    (result,) = sync(client_for(alice), [symptom_payload(red_flags=["acute_limb_ischaemia"])])
    assert result["severity"] == "emergency" and result["same_day"] is True
    assert "call your emergency number now" in result["instruction"].lower()
    assert "hours" in result["instruction"]
    alert = Alert.objects.get(patient=alice)
    assert (alert.kind, alert.severity) == ("red_flag_acute_limb_ischaemia", "emergency")


@pytest.mark.parametrize(("kind", "flags"), [
    ("cramp", ["cold_limb", "sudden_weakness"]),
    ("cramp", ["colour_change", "foot_drop"]),
    ("rest_pain", ["foot_drop"]),
    ("rest_pain", ["spreading_numbness"]),
    ("numbness_tingling", ["cold_limb"]),
    ("weakness", ["colour_change"]),
])
def test_an_ischaemic_sign_with_new_weakness_or_numbness_is_acute_limb_ischaemia(
        client_for, alice, kind, flags):
    (result,) = sync(client_for(alice), [symptom_payload(kind=kind, red_flags=flags)])
    assert result["severity"] == "emergency"
    assert "call your emergency number now" in result["instruction"].lower()
    assert "blood supply" in result["instruction"]  # not the foot-drop text
    kinds = set(Alert.objects.filter(patient=alice).values_list("kind", flat=True))
    assert "red_flag_acute_limb_ischaemia" in kinds


def test_weakness_alone_keeps_the_nerve_root_triage(client_for, alice):
    (result,) = sync(client_for(alice), [symptom_payload(kind="weakness",
                                                         red_flags=["foot_drop"])])
    assert (result["severity"], result["same_day"]) == ("urgent", True)


@pytest.mark.parametrize(("flag", "severity", "same_day"), [
    ("spreading_numbness", "urgent", True),
    ("foot_infection", "urgent", True),
    ("fever", "urgent", True),
    ("weight_loss", "warning", False),
])
def test_the_new_signs_have_their_published_urgency(client_for, alice, flag, severity, same_day):
    (result,) = sync(client_for(alice), [symptom_payload(kind="back_pain", red_flags=[flag])])
    assert (result["severity"], result["same_day"]) == (severity, same_day)
    assert result["instruction"].startswith("Contact" if same_day else "Tell your clinic in")


@pytest.mark.parametrize("places", [["calf"], ["foot", "shin"], []])
def test_night_pain_in_the_leg_is_ischaemic_rest_pain_until_proved_otherwise(
        client_for, alice, places):
    (result,) = sync(client_for(alice), [symptom_payload(kind="night_pain", locations=places)])
    assert (result["severity"], result["same_day"]) == ("urgent", False)
    assert "within 24 hours" in result["instruction"]
    assert Alert.objects.get(patient=alice).kind == "red_flag_limb_threat"


def test_night_pain_in_the_back_is_a_warning_to_rule_out_infection_or_tumour(client_for, alice):
    (result,) = sync(client_for(alice), [symptom_payload(kind="night_pain",
                                                         locations=["back", "buttock"])])
    assert result["severity"] == "warning" and "sit or lie down" in result["instruction"]
    assert Alert.objects.get(patient=alice).kind == "red_flag_systemic"


def test_every_symptom_kind_has_a_triage_or_a_stated_reason_for_none():
    assert set(KIND_TRIAGE) | set(KIND_WITHOUT_TRIAGE) == set(SymptomKind)
    assert not set(KIND_TRIAGE) & set(KIND_WITHOUT_TRIAGE)
    assert all(len(reason) > 40 for reason in KIND_WITHOUT_TRIAGE.values())


def test_every_red_flag_has_a_triage():
    assert set(RED_FLAG_TRIAGE) == set(RedFlag)


# --- the table the phone triages with while offline -----------------------------------------

def phone_triage(table: dict, *, kind: str, red_flags: list[str], locations: list[str]):
    """What a phone computes from the served table alone, following its ``rule``."""
    signs = [table["red_flags"][flag] for flag in red_flags]
    if kind in table["kinds"]:
        back_only = locations and set(locations) <= set(table["night_pain_back_locations"])
        signs.append(table["night_pain_back_sign"] if kind == "night_pain" and back_only
                     else table["kinds"][kind])
    for combination in table["combinations"]:
        first, second = combination["when_any_of"], combination["and_any_of"]
        if ((set(red_flags) & set(first["red_flags"]) or kind in first["kinds"])
                and (set(red_flags) & set(second["red_flags"]) or kind in second["kinds"])):
            signs.append(combination["sign"])
    if not signs:
        return None
    triages = [table["triages"][sign] for sign in signs]
    best = max(triages, key=lambda t: (table["severity_rank"][t["severity"]], t["same_day"],
                                       t["priority"]))
    return best["severity"], best["same_day"], best["instruction"]


def test_the_served_table_gives_the_servers_answer_for_every_report(client_for, alice):
    table = client_for(alice).get("/api/v1/triage/").json()
    flags = [str(flag) for flag in RedFlag]
    flag_sets = [[]] + [[flag] for flag in flags] + [list(pair) for pair in
                                                     itertools.combinations(flags, 2)]
    checked = 0
    for kind in SymptomKind:
        for places in ([], ["calf"], ["back"], ["back", "foot"]):
            for red_flags in flag_sets:
                server = symptom_triage(kind=kind, red_flags=red_flags, locations=places)
                expected = None if server is None else (
                    str(server.severity), server.same_day, server.instruction)
                assert phone_triage(table, kind=str(kind), red_flags=red_flags,
                                    locations=places) == expected, (kind, places, red_flags)
                checked += 1
    assert checked == len(SymptomKind) * 4 * len(flag_sets)


def test_the_table_is_versioned_and_a_phone_that_has_it_gets_304(client_for, alice):
    client = client_for(alice)
    first = client.get("/api/v1/triage/")
    assert first.status_code == 200 and first.json()["version"]
    etag = first["ETag"]
    assert etag.startswith('"') and client.get("/api/v1/triage/")["ETag"] == etag
    again = client.get("/api/v1/triage/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get("/api/v1/triage/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
