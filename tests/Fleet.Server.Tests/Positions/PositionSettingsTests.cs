using Fleet.Server.Positions;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>A mistyped gateway setting stops the start with the setting's name, rather than a gateway that writes nothing.</summary>
public sealed class PositionSettingsTests
{
    [Fact]
    public void The_defaults_are_valid_and_write_two_batches_of_at_most_five_thousand_at_once()
    {
        var settings = new PositionSettings();
        settings.Invoking(s => s.Validate()).Should().NotThrow();
        (settings.Gateway.Writers, settings.Gateway.BatchPositions).Should().Be((2, 5_000));
    }

    [Theory]
    [InlineData(0, 5_000, "Fleet:Positions:Gateway:Writers")]
    [InlineData(65, 5_000, "Fleet:Positions:Gateway:Writers")]
    [InlineData(2, 0, "Fleet:Positions:Gateway:BatchPositions")]
    [InlineData(2, 1_000_001, "Fleet:Positions:Gateway:BatchPositions")]
    public void Writers_and_batch_size_out_of_range_are_refused_by_name(int writers, int batchPositions, string named)
    {
        var settings = new PositionSettings { Gateway = new GatewaySettings { Port = 808, Writers = writers, BatchPositions = batchPositions } };
        settings.Invoking(s => s.Validate()).Should().Throw<InvalidOperationException>().WithMessage($"{named}*");
    }
}
