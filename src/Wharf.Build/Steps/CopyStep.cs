using Wharf.Build.Cache;
using Wharf.Build.Context;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Execution;
using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>COPY and ADD: find the sources (the context, minus .dockerignore; or another stage's or image's
/// filesystem with <c>--from</c>), copy them into the image so far with the destination rules of the Dockerfile
/// reference, and make the result the step's layer. ADD also unpacks local tar archives (unless <c>--unpack=false</c>),
/// fetches URLs (unpacking archives with <c>--unpack=true</c>) and checks git repositories out
/// (<see cref="RemoteSources"/>).</summary>
internal static class CopyStep
{
    public static async Task<ImageState> ApplyAsync(Instruction instruction, ImageState state, IStageRootfs rootfs, BuildSession session, SourceFilesystems sources, CancellationToken ct)
    {
        var (sourcePatterns, heredocs, destinationText, from, chown, chmod, parents, excludes, unpack) = instruction switch
        {
            CopyInstruction c => (c.Sources, c.Heredocs, c.Destination, c.From, c.Chown, c.Chmod, c.Parents, c.Excludes, (bool?)false),
            AddInstruction a => (a.Sources, a.Heredocs, a.Destination, (string?)null, a.Chown, a.Chmod, false, a.Excludes, a.Unpack),
            _ => throw new ArgumentException("not a COPY or ADD", nameof(instruction)),
        };
        var config = state.Config.Config;
        var workingDirectory = config.WorkingDir is { Length: > 0 } w ? w : "/";
        var destination = destinationText.StartsWith('/') ? destinationText : $"{workingDirectory.TrimEnd('/')}/{destinationText}";
        var destinationIsDirectory = destinationText.EndsWith('/') || destinationText is "." or ".." || destinationText.EndsWith("/.", StringComparison.Ordinal);
        destination = ContextPath.Clean(destination) + (destinationIsDirectory ? "/" : "");

        var (sourceRoot, ignore) = from is null
            ? (session.ContextDirectory, session.Ignore)
            : (await sources.OpenAsync(from, instruction, ct), DockerignoreMatcher.Empty);
        var excludeMatcher = excludes.Count == 0 ? DockerignoreMatcher.Empty : DockerignoreMatcher.Parse(string.Join('\n', excludes));

        var remote = RemoteSources.Find(instruction, sourcePatterns, heredocs.Count, session);
        var found = new List<CopySource>();
        foreach (var pattern in sourcePatterns.Where(p => !remote.Contains(p)))
        {
            IReadOnlyList<CopySource> matches;
            try
            {
                matches = CopySources.Find(sourceRoot, pattern, ignore);
            }
            catch (FormatException e)
            {
                throw session.Failure(instruction, e.Message);
            }

            if (matches.Count == 0)
            {
                throw session.Failure(instruction, $"file not found in build context or excluded by .dockerignore: {pattern}");
            }

            found.AddRange(matches.Where(m => !excludeMatcher.IsExcluded(m.RelativePath)));
        }

        var count = found.Count + remote.Urls.Count + remote.Repositories.Count + heredocs.Count;
        if (count > 1 && !destinationIsDirectory)
        {
            throw session.Failure(instruction, "when using COPY with more than one source file, the destination must be a directory and end with a /");
        }

        var description = $"{instruction.Keyword} {string.Join(' ', sourcePatterns.Concat(heredocs.Select(h => "<<" + h.Name)))} {destinationText}";
        var history = new HistoryEntry { Created = session.Timestamp, CreatedBy = description };
        Func<string, bool> skipped = path => ignore.IsExcluded(path) || excludeMatcher.IsExcluded(path);
        Func<string, bool> enterSkipped = path => !excludeMatcher.IsExcluded(path) && ignore.MayIncludeBelow(path);
        // A URL is fetched on every build, as docker's builder does (its content may change), and keyed by what came:
        // name, content and Last-Modified time. A repository is keyed by the commit its ref resolves to now.
        var downloads = new List<CopySource>();
        foreach (var url in remote.Urls)
        {
            downloads.Add(await UrlDownloader.DownloadAsync(url, ((AddInstruction)instruction).Checksum, session, instruction, ct));
        }

        var repositories = await AddedRepository.ResolveAsync(remote.Repositories, instruction, session, ct);
        var cacheKey = CacheKey.For(state, description, [
            $"from={from}", $"chown={chown}", $"chmod={chmod}", $"parents={parents}", .. excludes,
            SourceHasher.Hash(found, path => skipped(path) && !enterSkipped(path), session.Epoch),
            .. heredocs.Select(h => $"{h.Name}\0{h.Content}"),
            .. repositories.Select(r => r.CacheInput),
            // Only where there is a download or an archive flag, so every other step keeps the key it had.
            .. downloads.Count == 0 ? [] : new[] { "downloads=" + SourceHasher.Hash(downloads, _ => false, session.Epoch) },
            .. unpack is null ? [] : new[] { $"unpack={unpack}" },
        ]);
        return await LayerStep.RunAsync(state, rootfs, session, [], async root =>
        {
            var owner = Ownership(chown, chmod, root, instruction, session);
            foreach (var source in found)
            {
                // A local archive is unpacked unless --unpack=false.
                if (unpack != false && !source.IsDirectory && await TryUnpackAsync(source, root, destination, instruction, session, ct))
                {
                    continue;
                }

                var target = parents ? $"{destination.TrimEnd('/')}/{source.RelativePath}"
                    : !source.IsDirectory && (destinationIsDirectory || Directory.Exists(RootPath.Resolve(root, destination)))
                        ? $"{destination.TrimEnd('/')}/{Path.GetFileName(source.RelativePath)}"
                        : destination;
                FileCopier.Copy(source, root, target, owner, skipped, enterSkipped);
            }

            foreach (var heredoc in heredocs)
            {
                var file = Path.Combine(session.Scratch, "heredocs", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, heredoc.Content, ct);
                File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
                var target = destinationIsDirectory ? $"{destination.TrimEnd('/')}/{heredoc.Name}" : destination;
                FileCopier.Copy(new CopySource(file, heredoc.Name, false), root, target, owner, _ => false);
            }

            foreach (var downloaded in downloads)
            {
                // A downloaded archive is unpacked only with --unpack=true (Dockerfile 1.17).
                if (unpack != true || !await TryUnpackAsync(downloaded, root, destination, instruction, session, ct))
                {
                    FileCopier.Copy(downloaded, root, destinationIsDirectory ? $"{destination.TrimEnd('/')}/{downloaded.RelativePath}" : destination, owner, _ => false);
                }
            }

            foreach (var repository in repositories)
            {
                await repository.CopyIntoAsync(root, destination, owner, instruction, session, ct);
            }
        }, history, cacheKey, ct);
    }

    private static async Task<bool> TryUnpackAsync(CopySource source, string root, string destination, Instruction instruction, BuildSession session, CancellationToken ct)
    {
        try
        {
            return await ArchiveUnpacker.TryUnpackAsync(source.HostPath, root, destination, session.Scratch, ct);
        }
        catch (InvalidDataException e)
        {
            throw session.Failure(instruction, $"cannot unpack {source.RelativePath}: {e.Message}");
        }
    }

    /// <summary><c>--chown=user[:group]</c> resolved in the image (a name needs an entry there; a user without a
    /// group means the group of the same number), and <c>--chmod</c> as octal.</summary>
    private static CopyOwnership Ownership(string? chown, string? chmod, string root, Instruction instruction, BuildSession session)
    {
        UnixFileMode? mode = null;
        if (chmod is not null)
        {
            try
            {
                mode = (UnixFileMode)Convert.ToUInt32(chmod, 8);
            }
            catch (FormatException)
            {
                throw session.Failure(instruction, $"invalid --chmod={chmod}: only an octal mode is supported");
            }
        }

        if (chown is null)
        {
            return CopyOwnership.Root with { Mode = mode };
        }

        try
        {
            var user = UserResolver.Resolve(root, chown);
            var gid = chown.Contains(':', StringComparison.Ordinal) ? user.Gid : user.Uid;
            return new CopyOwnership(user.Uid, gid, mode);
        }
        catch (BuildFailedException e)
        {
            throw session.Failure(instruction, e.Message);
        }
    }
}
