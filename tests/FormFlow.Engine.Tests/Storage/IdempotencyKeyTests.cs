using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>Idempotency keys on each database: claim, replay, mismatch, and a claim taken over after it was abandoned.</summary>
public class IdempotencyKeyTests(string kind) : StorageTest(kind)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_retry_gets_the_first_answer_and_another_request_under_the_key_is_a_mismatch()
    {
        var first = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start);
        var during = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start.AddSeconds(1));
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k1", first.ClaimedAt, 200, "{\"version\":2}");

        var retry = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start.AddSeconds(2));
        var other = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-b", Start.AddSeconds(3));
        var someoneElse = await IdempotencyKeys.ClaimAsync(Db, "P4", "k1", "submit-b", Start.AddSeconds(4));

        Assert.That(
            (first.Outcome, during.Outcome, retry.Outcome, retry.Response, other.Outcome, someoneElse.Outcome),
            Is.EqualTo((IdempotencyOutcome.Claimed, IdempotencyOutcome.InFlight, IdempotencyOutcome.Replay, "{\"version\":2}", IdempotencyOutcome.Mismatch, IdempotencyOutcome.Claimed)),
            "keys belong to one person");
    }

    [Test]
    public async Task A_request_that_ran_past_its_abandoned_claim_neither_completes_nor_frees_the_claim_that_took_over()
    {
        var slow = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start);
        var takeover = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(1));

        await IdempotencyKeys.ReleaseAsync(Db, "P5", "k1", slow.ClaimedAt);
        var afterRelease = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(2));
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k1", slow.ClaimedAt, 200, "{\"from\":\"slow\"}");
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k1", takeover.ClaimedAt, 200, "{\"from\":\"takeover\"}");
        var retry = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(3));

        Assert.That(takeover.Outcome, Is.EqualTo(IdempotencyOutcome.Claimed), "an abandoned claim is taken over");
        Assert.That(afterRelease.Outcome, Is.EqualTo(IdempotencyOutcome.InFlight), "the slow request's release left the new claim alone");
        Assert.That((retry.Outcome, retry.Response), Is.EqualTo((IdempotencyOutcome.Replay, "{\"from\":\"takeover\"}")), "the answer kept is the one of the claim that holds the key");
    }

    [Test]
    public async Task A_command_that_marked_its_claim_as_it_committed_is_committed_for_a_retry_never_in_flight_or_free()
    {
        var first = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start);
        await using (var work = await UnitOfWork.BeginAsync(Db))
        {
            await IdempotencyKeys.MarkCommittedAsync(work, new IdempotencyMark("P5", "k1", first.ClaimedAt, 200));
            await work.CommitAsync();
        }

        // The node stopped here: no answer kept. Long after, the key is still the committed command's.
        var retry = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned * 10);
        await IdempotencyKeys.ReleaseAsync(Db, "P5", "k1", first.ClaimedAt);
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k1", retry.ClaimedAt, 200, "{\"version\":2}");
        var later = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned * 11);

        Assert.That((retry.Outcome, retry.Status, retry.ClaimedAt), Is.EqualTo((IdempotencyOutcome.Committed, (int?)200, first.ClaimedAt)));
        Assert.That((later.Outcome, later.Response), Is.EqualTo((IdempotencyOutcome.Replay, "{\"version\":2}")), "a release cannot free a committed key; the rebuilt answer is kept");
    }

    [Test]
    public async Task A_slow_command_whose_claim_was_taken_over_cannot_mark_it_and_must_roll_back()
    {
        var slow = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start);
        var takeover = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(1));

        await using var work = await UnitOfWork.BeginAsync(Db);
        Assert.That(takeover.Outcome, Is.EqualTo(IdempotencyOutcome.Claimed));
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => IdempotencyKeys.MarkCommittedAsync(work, new IdempotencyMark("P5", "k1", slow.ClaimedAt, 200)));
    }

    [Test]
    public async Task A_claim_in_flight_is_taken_over_after_thirty_seconds_not_before()
    {
        await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start);
        var early = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + TimeSpan.FromSeconds(29));
        var late = await IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start + TimeSpan.FromSeconds(30));

        Assert.That((early.Outcome, late.Outcome), Is.EqualTo((IdempotencyOutcome.InFlight, IdempotencyOutcome.Claimed)));
    }

    [Test]
    public async Task Eight_requests_claiming_one_key_at_once_let_exactly_one_run_and_tell_the_others_it_is_in_flight()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => IdempotencyKeys.ClaimAsync(Db, "P5", "k1", "submit-a", Start.AddMilliseconds(i)))));

        Assert.That(
            claims.Select(c => c.Outcome).Order(),
            Is.EqualTo(new[] { IdempotencyOutcome.Claimed }.Concat(Enumerable.Repeat(IdempotencyOutcome.InFlight, 7))));
    }

    [Test]
    public async Task Purging_deletes_the_expired_keys_only_and_frees_them_for_a_new_request()
    {
        var old = await IdempotencyKeys.ClaimAsync(Db, "P5", "k-old", "submit-a", Start);
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k-old", old.ClaimedAt, 200, "{\"version\":2}");
        var recent = await IdempotencyKeys.ClaimAsync(Db, "P5", "k-recent", "submit-a", Start + TimeSpan.FromHours(2));
        await IdempotencyKeys.CompleteAsync(Db, "P5", "k-recent", recent.ClaimedAt, 200, "{\"version\":3}");

        var purged = await IdempotencyKeys.PurgeExpiredAsync(Db, Start + IdempotencyKeys.Keep + TimeSpan.FromHours(1));
        var afterOld = await IdempotencyKeys.ClaimAsync(Db, "P5", "k-old", "submit-b", Start + IdempotencyKeys.Keep + TimeSpan.FromHours(1));
        var afterRecent = await IdempotencyKeys.ClaimAsync(Db, "P5", "k-recent", "submit-a", Start + IdempotencyKeys.Keep + TimeSpan.FromHours(1));

        Assert.That(purged, Is.EqualTo(1));
        Assert.That(afterOld.Outcome, Is.EqualTo(IdempotencyOutcome.Claimed), "the expired key is free for another request");
        Assert.That((afterRecent.Outcome, afterRecent.Response), Is.EqualTo((IdempotencyOutcome.Replay, "{\"version\":3}")), "the key within its day still answers");
    }
}
