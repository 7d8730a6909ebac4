using Wharf.Registry.Inspection;

namespace Wharf.Registry.Tests.Inspection;

/// <summary>The Dockerfile line of each builder's <c>created_by</c>.</summary>
public sealed class HistoryInstructionTests
{
    [Theory]
    [InlineData("/bin/sh -c #(nop)  CMD [\"bash\"]", "CMD [\"bash\"]")]
    [InlineData("/bin/sh -c #(nop) ADD file:0123abcd in / ", "ADD file:0123abcd in /")]
    [InlineData("/bin/sh -c apt-get update && apt-get install -y curl", "RUN apt-get update && apt-get install -y curl")]
    [InlineData("|2 A=1 B=two /bin/sh -c make", "RUN make")]
    [InlineData("RUN /bin/sh -c go build ./... # buildkit", "RUN go build ./...")]
    [InlineData("RUN |1 VERSION=1.2 /bin/sh -c echo $VERSION # buildkit", "RUN echo $VERSION")]
    [InlineData("RUN [\"/app\", \"--init\"]", "RUN [\"/app\", \"--init\"]")]
    [InlineData("COPY --from=build /out /app # buildkit", "COPY --from=build /out /app")]
    [InlineData("WORKDIR /srv", "WORKDIR /srv")]
    [InlineData("# debian.sh --arch 'amd64' out/ 'bookworm' '@1700000000'", "# debian.sh --arch 'amd64' out/ 'bookworm' '@1700000000'")]
    [InlineData("/bin/busybox --install -s /bin", "RUN /bin/busybox --install -s /bin")]
    [InlineData(null, "")]
    [InlineData("|x nonsense", "RUN |x nonsense")]
    public void Each_builders_record_reads_as_the_line_it_was(string? createdBy, string instruction) =>
        Assert.Equal(instruction, HistoryInstruction.From(createdBy));
}
