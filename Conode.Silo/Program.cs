namespace Conode.Silo;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("conode: not yet implemented");
        return 1;
    }
}
