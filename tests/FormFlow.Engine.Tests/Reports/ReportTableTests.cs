using FormFlow.Reports;

namespace FormFlow.Tests.Reports;

/// <summary>A report's table as HR opens it in a spreadsheet: a typed text never runs as a formula, a number stays a number.</summary>
public class ReportTableTests
{
    [TestCase("=HYPERLINK(\"http://evil.example\",\"x\")")]
    [TestCase("+1+cmd|' /C calc'!A0")]
    [TestCase("-2+3+cmd|' /C calc'!A0")]
    [TestCase("@SUM(1+9)*cmd|' /C calc'!A0")]
    [TestCase("\t=1+2")]
    [TestCase("\r=1+2")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text_in_the_csv(string typed)
    {
        var csv = new ReportTable("people", ["Name"], [[typed]]).ToCsv();

        var cell = csv.Split("\r\n")[1];
        Assert.That(cell.TrimStart('"'), Does.StartWith("'" + typed[0]), csv);
    }

    [TestCase("-5")]
    [TestCase("+3.5")]
    [TestCase("3")]
    public void A_signed_number_stays_a_number(string number)
    {
        var csv = new ReportTable("ratings", ["Delta"], [[number]]).ToCsv();

        Assert.That(csv, Is.EqualTo("Delta\r\n" + number + "\r\n"));
    }
}
