namespace FormFlow.Tests.Delivery;

/// <summary>
/// A runtime test whose outbox is delivered for real: an HTTP client, a local webhook receiver, and the mails the test
/// SMTP server held before the test (so a test counts only its own), with the shipped annual review published.
/// </summary>
public abstract class DeliveryTest(string kind) : Workflows.RuntimeTest(kind)
{
    private protected HttpClient Http { get; private set; } = null!;

    private protected WebhookReceiver Receiver { get; private set; } = null!;

    private protected IReadOnlySet<string> MailsBefore { get; private set; } = null!;

    [SetUp]
    public async Task StartDeliveryAsync()
    {
        Http = new HttpClient();
        Receiver = new WebhookReceiver();
        MailsBefore = TestSmtp.Received();
        await PublishAnnualReview();
    }

    [TearDown]
    public void StopDelivery()
    {
        Receiver.Dispose();
        Http.Dispose();
    }
}
