using Fleet.Domain.Common;
using FluentAssertions;

namespace Fleet.Domain.Tests;

/// <summary>The "then" of every decision test: exactly these events, or a refusal with exactly these problems.</summary>
internal static class DecisionAssertions
{
    /// <summary>Exactly these events, in this order and of these types; lists inside an event are compared by their items.</summary>
    public static void ShouldAccept(this Decision decision, params object[] expectedEvents)
    {
        decision.Problems.Should().BeEmpty();
        decision.Events.Should().BeEquivalentTo(expectedEvents, o => o.WithStrictOrdering().RespectingRuntimeTypes());
        decision.Events.Select(e => e.GetType()).Should().Equal(expectedEvents.Select(e => e.GetType()));
    }

    /// <summary>Accepted with exactly one event, of this type; returned for checks of what it holds.</summary>
    public static TEvent ShouldAcceptOne<TEvent>(this Decision decision, string because = "")
    {
        decision.Problems.Should().BeEmpty(because);
        return decision.Events.Should().ContainSingle(because).Which.Should().BeOfType<TEvent>().Subject;
    }

    /// <summary>Refused for one reason, of this code and kind, with every placeholder of its message filled in; returned for further checks.</summary>
    public static Problem ShouldRefuse(this Decision decision, string code, ProblemKind kind)
    {
        decision.Events.Should().BeEmpty();
        var problem = decision.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(code);
        problem.Kind.Should().Be(kind);
        problem.FormattedMessage.Should().NotContain("{");
        return problem;
    }

    /// <summary>Invalid input: exactly these fields with these codes, every message filled in.</summary>
    public static void ShouldRefuseWith(this Decision decision, params (string Field, string Code)[] problems)
    {
        decision.Events.Should().BeEmpty();
        decision.Problems.Should().NotBeEmpty();
        decision.Problems.Should().OnlyContain(p => p.Kind == ProblemKind.Invalid && !p.FormattedMessage.Contains('{'));
        decision.Problems.Select(p => (p.Field, p.Code)).Should().BeEquivalentTo(problems.Select(p => ((string?)p.Field, p.Code)));
    }
}
