using Fleet.Domain.Common;
using FluentAssertions;

namespace Fleet.Domain.Tests.Vehicles;

/// <summary>The "then" of the vehicle tests: exactly these events, or a refusal with exactly these codes.</summary>
internal static class DecisionAssertions
{
    public static void ShouldAccept(this Decision decision, params object[] events)
    {
        decision.Problems.Should().BeEmpty();
        decision.IsAccepted.Should().BeTrue();
        decision.Events.Should().Equal(events);
    }

    public static Problem ShouldRefuse(this Decision decision, string code, ProblemKind kind)
    {
        decision.IsAccepted.Should().BeFalse();
        decision.Events.Should().BeEmpty();
        var problem = decision.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(code);
        problem.Kind.Should().Be(kind);
        problem.FormattedMessage.Should().NotContain("{");
        return problem;
    }

    public static void ShouldRefuseWith(this Decision decision, params (string Field, string Code)[] problems)
    {
        decision.IsAccepted.Should().BeFalse();
        decision.Events.Should().BeEmpty();
        decision.Problems.Should().OnlyContain(p => p.Kind == ProblemKind.Invalid && !p.FormattedMessage.Contains('{'));
        decision.Problems.Select(p => (p.Field, p.Code)).Should().BeEquivalentTo(problems.Select(p => ((string?)p.Field, p.Code)));
    }
}
