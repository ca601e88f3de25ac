using Fleet.Domain.Positions;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Positions;

public class PositionRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);
    private static readonly Instant KeptSince = Now - Duration.FromDays(30);

    private static readonly Position Fix = new("013912345678", Now - Duration.FromSeconds(20), Now, 30_593_000, 114_305_000, 23, 420, 90, 0, 3);

    [Fact]
    public void A_fix_a_car_can_report_is_kept()
    {
        PositionRules.Check(Fix, Now, KeptSince).Should().BeNull();
        PositionRules.Check(Fix with { Latitude = -33_868_800, Longitude = -70_000_000, Direction = 359, Speed = 0 }, Now, KeptSince).Should().BeNull();
        PositionRules.Check(Fix with { At = Now + Duration.FromMinutes(4) }, Now, KeptSince).Should().BeNull("a terminal's clock a little ahead");
    }

    public static TheoryData<Position, PositionRefusal> Refused() => new()
    {
        { Fix with { Latitude = 90_000_001 }, PositionRefusal.OutOfRange },
        { Fix with { Longitude = -180_000_001 }, PositionRefusal.OutOfRange },
        { Fix with { Direction = 360 }, PositionRefusal.OutOfRange },
        { Fix with { Speed = -1 }, PositionRefusal.OutOfRange },
        { Fix with { Speed = PositionRules.MaxSpeed + 1 }, PositionRefusal.OutOfRange },
        { Fix with { Altitude = 20_000 }, PositionRefusal.OutOfRange },
        { Fix with { Mileage = -1 }, PositionRefusal.OutOfRange },
        { Fix with { At = Now + Duration.FromMinutes(6) }, PositionRefusal.InTheFuture },
        { Fix with { At = KeptSince - Duration.FromSeconds(1) }, PositionRefusal.TooOld },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_no_car_can_report_or_what_is_no_longer_kept_is_refused(Position position, PositionRefusal refusal) =>
        PositionRules.Check(position, Now, KeptSince).Should().Be(refusal);

    [Fact]
    public void Degrees_are_millionths() => (Fix.LatitudeDegrees, Fix.LongitudeDegrees).Should().Be((30.593, 114.305));
}
