using Conode.Silo.Config;

namespace Conode.Silo.Tests.Config;

public class ConodePathsTests
{
    private static ConodeEnvironment Env(HostOs os, string? accountHome = "/account/home", params (string Name, string Value)[] vars)
    {
        var table = vars.ToDictionary(v => v.Name, v => v.Value);
        return new ConodeEnvironment(os, name => table.GetValueOrDefault(name), () => accountHome, "/cwd");
    }

    [Fact]
    public void LinuxFollowsXdgThenHome()
    {
        Assert.Equal("/home/op/.config/conode", ConodePaths.ConfigDir(Env(HostOs.Linux, vars: ("HOME", "/home/op"))));
        Assert.Equal("/xdg/conf/conode", ConodePaths.ConfigDir(Env(HostOs.Linux, vars: [("HOME", "/home/op"), ("XDG_CONFIG_HOME", "/xdg/conf")])));
        Assert.Equal("/home/op/.config/conode/private.toml",
            ConodePaths.DefaultPrivateConfigPath(Env(HostOs.FreeBsd, vars: ("HOME", "/home/op"))));
        Assert.Equal("/home/op/.local/share/conode", ConodePaths.DataDir(Env(HostOs.Linux, vars: ("HOME", "/home/op"))));
        Assert.Equal("/xdg/data/conode", ConodePaths.DataDir(Env(HostOs.Linux, vars: [("HOME", "/home/op"), ("XDG_DATA_HOME", "/xdg/data")])));
    }

    [Fact]
    public void ServicePathWinsEverywhere()
    {
        foreach (var os in Enum.GetValues<HostOs>())
        {
            Assert.Equal("/srv/db", ConodePaths.DataDir(Env(os, vars: [("HOME", "/h"), ("CONODE_SERVICE_PATH", "/srv/db")])));
        }
    }

    [Fact]
    public void MacWindowsAndOthers()
    {
        Assert.Equal("/Users/op/Library/Application Support/conode", ConodePaths.ConfigDir(Env(HostOs.MacOs, vars: ("HOME", "/Users/op"))));
        Assert.Equal("/Users/op/Library/Application Support/conode/data", ConodePaths.DataDir(Env(HostOs.MacOs, vars: ("HOME", "/Users/op"))));
        Assert.Equal(Path.Join("C:/Users/op/AppData/Roaming", "conode"),
            ConodePaths.ConfigDir(Env(HostOs.Windows, vars: ("APPDATA", "C:/Users/op/AppData/Roaming"))));
        Assert.Equal("/cwd/conode", ConodePaths.ConfigDir(Env(HostOs.Other, vars: ("HOME", "/h"))));
        Assert.Equal("/cwd/conode/data", ConodePaths.DataDir(Env(HostOs.Other, vars: ("HOME", "/h"))));
    }

    [Fact]
    public void EmptyHomeFallsBackToAccountThenCurrentDirectory()
    {
        Assert.Equal("/account/home/.config/conode", ConodePaths.ConfigDir(Env(HostOs.Linux, vars: ("HOME", ""))));
        Assert.Equal("/cwd/conode", ConodePaths.ConfigDir(Env(HostOs.Linux, accountHome: null)));
        // The Linux data dir takes HOME literally, as Go does.
        Assert.Equal(".local/share/conode", ConodePaths.DataDir(Env(HostOs.Linux)));
    }

    [Theory]
    [InlineData(ConfigSamples.Node0Public, "7fad8698621ac80c0a428f6edfad70ea7a20ab079e91823ed1a840bf9d0c3eff.db")]
    [InlineData(ConfigSamples.Node1Public, "7ce676adb2900ec9ddfa44131a8b224046968864029d7fdc12ca023ac10ff08c.db")]
    [InlineData("998d1a8a5414988c2c392bb440f8fc3d6efcd9750d7bddcac5ae224282cc8d71", "1cbdcc8a381f0d641b6247186707e81b7d3155f939da50618de1743ef1af0161.db")]
    public void DatabaseIsNamedAfterTheHashOfThePublicKey(string publicHex, string fileName)
    {
        Assert.Equal(fileName, ConodePaths.DatabaseFileName(Convert.FromHexString(publicHex)));
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, "p") with { Public = publicHex };
        Assert.Equal("/srv/" + fileName, ConodePaths.DatabasePath(Env(HostOs.Linux, vars: ("CONODE_SERVICE_PATH", "/srv")), config));
    }
}
