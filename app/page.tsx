export default function Home() {
  return <main className="p-8 text-xl font-semibold">Gatehouse</main>;
}
