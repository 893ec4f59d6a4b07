using Sluice.Group;
using Xunit;

namespace Sluice.Tests.Group;

public sealed class GroupGenerationTests
{
    [Fact]
    public void None_has_no_generation_and_an_empty_member_id()
    {
        Assert.Equal(-1, GroupGeneration.None.GenerationId);
        Assert.Equal(string.Empty, GroupGeneration.None.MemberId);
        Assert.False(GroupGeneration.None.HasGeneration);
    }

    [Fact]
    public void Without_generation_keeps_the_member_id_as_after_illegal_generation()
    {
        var g = new GroupGeneration(7, "m-1", "i-1").WithoutGeneration();
        Assert.Equal(new GroupGeneration(-1, "m-1", "i-1"), g);
    }

    [Fact]
    public void Reset_forgets_the_member_id_but_keeps_the_static_instance_id_as_after_unknown_member_id()
    {
        Assert.Equal(new GroupGeneration(-1, "", "i-1"), new GroupGeneration(7, "m-1", "i-1").Reset());
    }

    [Fact]
    public void Generations_compare_by_value_for_stamping_replies()
    {
        Assert.Equal(new GroupGeneration(3, "m"), new GroupGeneration(3, "m"));
        Assert.NotEqual(new GroupGeneration(3, "m"), new GroupGeneration(4, "m"));
        Assert.Equal("generation 3 member 'm'", new GroupGeneration(3, "m").ToString());
        Assert.Equal("generation 3 member 'm' instance 'i'", new GroupGeneration(3, "m", "i").ToString());
    }
}
