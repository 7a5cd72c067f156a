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
}
