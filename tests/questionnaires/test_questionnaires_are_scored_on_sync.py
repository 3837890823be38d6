"""The patient answers questionnaires on the phone; the service scores and keeps each once."""

from harness.payloads import ODI_SECTIONS, questionnaire_payload
from questionnaires.models import QuestionnaireResponse


def sync(client, items):
    response = client.post("/api/v1/questionnaires/sync/", {"questionnaires": items}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_odi_is_scored_and_sent_back(client_for, alice):
    # Ten sections answered 2 each: 20 / 50 x 100 = 40 % -> moderate disability.
    result = sync(client_for(alice), [questionnaire_payload()])[0]
    assert result["status"] == "created"
    assert result["scores"]["percent"] == 40.0
    assert "moderate" in result["scores"]["band"]


def test_wiq_domains_are_weighted(client_for, alice):
    answers = {"distance_indoors": 4, "distance_50ft": 4, "distance_150ft": 4, "distance_300ft": 4,
               "distance_600ft": 2, "distance_900ft": 0, "distance_1500ft": 0,
               "speed_1_5mph": 4, "speed_2mph": 2, "speed_3mph": 0, "speed_5mph": 0,
               "stairs_1_flight": 4, "stairs_2_flights": 2, "stairs_3_flights": 0}
    scores = sync(
        client_for(alice), [questionnaire_payload(instrument="wiq", answers=answers)]
    )[0]["scores"]
    # distance: (20+50+150+300)*4 + 600*2 = 3280 of 4*3520 = 14080 -> 23.3 %
    assert round(scores["distance"], 1) == 23.3
    # stairs: 1*4 + 2*2 = 8 of 4*6 = 24 -> 33.3 %
    assert round(scores["stairs"], 1) == 33.3


def test_a_bad_answer_names_the_item(client_for, alice):
    bad = questionnaire_payload(answers={**dict.fromkeys(ODI_SECTIONS, 2), "lifting": 9})
    result = sync(client_for(alice), [bad, questionnaire_payload()])
    assert result[0]["status"] == "invalid" and "lifting" in result[0]["errors"]["answers"][0]
    assert result[1]["status"] == "created"


def test_resending_stores_once(client_for, alice, bob):
    item = questionnaire_payload()
    client = client_for(alice)
    assert [sync(client, [item])[0]["status"] for _ in range(3)] == [
        "created", "duplicate", "duplicate"
    ]
    assert QuestionnaireResponse.objects.count() == 1
    listed = client_for(bob).get("/api/v1/questionnaires/", {"instrument": "odi"}).json()["results"]
    assert [row["id"] for row in listed] == [item["id"]]
