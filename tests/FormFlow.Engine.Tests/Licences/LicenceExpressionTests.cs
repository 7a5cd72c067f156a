using System.Collections.Frozen;
using FormFlow.ThirdPartyNotices;

namespace FormFlow.Tests.Licences;

public class LicenceExpressionTests
{
    private static readonly FrozenSet<string> Allowed = new[] { "MIT", "Apache-2.0" }.ToFrozenSet(StringComparer.Ordinal);

    [TestCase("MIT", true)]
    [TestCase("GPL-3.0-only", false)]
    [TestCase("MIT OR GPL-3.0-only", true)]
    [TestCase("GPL-3.0-only OR LGPL-2.1-or-later", false)]
    [TestCase("MIT AND Apache-2.0", true)]
    [TestCase("MIT AND AGPL-3.0-or-later", false)]
    [TestCase("(MIT AND GPL-2.0-only) OR Apache-2.0", true)]
    [TestCase("Apache-2.0 WITH LLVM-exception", true)]
    [TestCase("GPL-2.0-only WITH Universal-FOSS-exception-1.0", false)]
    [TestCase("Apache-2.0+", true)]
    [TestCase("SEE LICENSE IN LICENSE.md", false)]
    [TestCase("MIT OR", false)]
    [TestCase("(MIT", false)]
    [TestCase("", false)]
    public void An_expression_is_allowed_when_one_of_its_choices_is_made_only_of_allowed_licences(string expression, bool allowed)
    {
        Assert.That(LicenceExpression.IsAllowed(expression, Allowed), Is.EqualTo(allowed));
    }
}
