/** The `linebreak` package (UAX #14 line breaking; pdfmake's and pdfkit's own dependency) has no types. */
declare module 'linebreak' {
  interface Break {
    /** UTF-16 offset where the next line may start */
    position: number;
    /** a mandatory break (after a line feed) */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
