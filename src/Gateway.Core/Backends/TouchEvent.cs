namespace Gateway.Core.Backends;

/// <summary>A <c>touch</c> instruction: contact id, position, radii, angle (degrees) and force (0..1).</summary>
public readonly record struct TouchEvent(int Id, int X, int Y, int RadiusX, int RadiusY, double Angle, double Force);
