"""VascuQoL-6 (Nordanstig 2014): six items scored 1-4, summed to 6-24, higher is better; checked
against sums worked by hand, and bad answers refused naming the item."""

import pytest

from harness.payloads import questionnaire_payload
from questionnaires.models import QuestionnaireResponse
from questionnaires.scoring import VASCUQOL6_ITEM_IDS, score_vascuqol6

EXAMPLE = {"item_1": 2, "item_2": 3, "item_3": 1, "item_4": 4, "item_5": 2, "item_6": 3}


def test_worked_example_is_the_plain_sum():
    # 2 + 3 + 1 + 4 + 2 + 3 = 15 of 24
    score = score_vascuqol6(EXAMPLE)
    assert (score.total, score.items_answered) == (15, 6)
    assert score.interpretation.startswith("15 of 24")


def test_extremes_are_6_and_24():
    assert score_vascuqol6(dict.fromkeys(VASCUQOL6_ITEM_IDS, 1)).total == 6
    assert score_vascuqol6(dict.fromkeys(VASCUQOL6_ITEM_IDS, 4)).total == 24


def test_a_response_with_an_unanswered_item_is_not_scored():
    score = score_vascuqol6({**EXAMPLE, "item_4": None})
    assert score.total is None and score.items_answered == 5
    partial = {k: v for k, v in EXAMPLE.items() if k != "item_6"}
    assert score_vascuqol6(partial).total is None


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("item_1", 0, "item_1 must be an integer 1-4"),
        ("item_2", 5, "item_2 must be an integer 1-4"),
        ("item_3", "3", "item_3 must be an integer 1-4"),
        ("item_4", True, "item_4 must be an integer 1-4"),
        ("item_5", 2.0, "item_5 must be an integer 1-4"),
        ("item_7", 2, "unknown item id 'item_7'"),
    ],
)
def test_invalid_answers_name_the_item(item, value, message):
    with pytest.raises(ValueError, match=message):
        score_vascuqol6({**EXAMPLE, item: value})


def test_the_phone_sends_one_and_gets_the_total_back(client_for, alice, bob):
    good = questionnaire_payload(instrument="vascuqol6", answers=EXAMPLE)
    bad = questionnaire_payload(instrument="vascuqol6", answers={**EXAMPLE, "item_2": 9})
    response = client_for(alice).post("/api/v1/questionnaires/sync/",
                                      {"questionnaires": [good, bad]}, format="json")
    assert response.status_code == 200, response.content
    stored, refused = response.json()["results"]
    assert stored["status"] == "created" and stored["scores"]["total"] == 15
    assert refused["status"] == "invalid"
    assert "item_2 must be an integer 1-4" in refused["errors"]["answers"][0]
    assert QuestionnaireResponse.objects.get().scores["total"] == 15
    listed = client_for(bob).get("/api/v1/questionnaires/", {"instrument": "vascuqol6"})
    assert [row["id"] for row in listed.json()["results"]] == [good["id"]]
