"""Where the demo story is, from what really happened."""

from __future__ import annotations

from workbench.core.demo_story import StoryPoint, StoryTracker


def test_the_story_told_in_order_reaches_each_point() -> None:
    story = StoryTracker()
    assert story.point is StoryPoint.START
    assert story.token_changed(True) is StoryPoint.TOKEN_HELD
    assert story.api_answered(accepted=True, token_lapsed=False) is StoryPoint.API_CALLED
    assert story.token_lapsed() is StoryPoint.TOKEN_LAPSED
    assert story.api_answered(accepted=False, token_lapsed=True) is StoryPoint.REFUSED
    assert story.token_changed(True) is None, "a new token after a refusal: recovering"
    assert story.api_answered(accepted=True, token_lapsed=False) is StoryPoint.RECOVERED


def test_events_that_change_nothing_say_none() -> None:
    story = StoryTracker()
    assert story.api_answered(accepted=True, token_lapsed=False) is None, "no token yet"
    assert story.token_lapsed() is None, "nothing to lapse"
    story.token_changed(True)
    assert story.api_answered(accepted=False, token_lapsed=False) is None, "a 404 is no step"
    story.api_answered(accepted=True, token_lapsed=False)
    assert story.api_answered(accepted=True, token_lapsed=False) is None, "a second 200"
    story.api_answered(accepted=False, token_lapsed=True)
    assert story.token_lapsed() is None, "refused already"
    assert story.api_answered(accepted=False, token_lapsed=True) is None


def test_a_refusal_without_the_lapse_seen_first_is_a_refusal() -> None:
    story = StoryTracker()
    story.token_changed(True)
    assert story.api_answered(accepted=False, token_lapsed=True) is StoryPoint.REFUSED


def test_the_same_token_accepted_after_a_refusal_is_no_recovery() -> None:
    story = StoryTracker()
    story.token_changed(True)
    story.api_answered(accepted=False, token_lapsed=True)
    assert story.api_answered(accepted=True, token_lapsed=False) is StoryPoint.API_CALLED


def test_after_a_recovery_the_story_goes_round_again() -> None:
    story = StoryTracker()
    story.token_changed(True)
    story.api_answered(accepted=False, token_lapsed=True)
    story.token_changed(True)
    story.api_answered(accepted=True, token_lapsed=False)
    assert story.api_answered(accepted=True, token_lapsed=False) is None, "still recovered"
    assert story.token_lapsed() is StoryPoint.TOKEN_LAPSED
    assert story.token_changed(True) is StoryPoint.TOKEN_HELD


def test_dropping_the_token_starts_over() -> None:
    story = StoryTracker()
    story.token_changed(True)
    assert story.token_changed(False) is StoryPoint.START
